import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineFacts } from '../machine.js';
import type { BenchOptions } from '../options.js';
import type { ItemOutcome } from './row.js';

/** Everything one run measured, as written to bench/results/. */
export interface RunRecord {
  readonly startedAt: string;
  readonly machine: MachineFacts;
  readonly options: Omit<BenchOptions, 'items'> & { readonly items: readonly string[] };
  readonly outcomes: readonly ItemOutcome[];
}

/** Writes the run as `<timestamp>[-smoke].json`; returns the file's path. */
export async function writeResults(dir: string, record: RunRecord): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = record.startedAt.replace(/[:.]/g, '-');
  const path = join(dir, `${stamp}${record.options.smoke ? '-smoke' : ''}.json`);
  const json = JSON.stringify(
    record,
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    2,
  );
  await writeFile(path, `${json}\n`);
  return path;
}
