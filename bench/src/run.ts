/**
 * `npm run bench`: runs the selected items, prints every figure beside its baseline from the same run,
 * and writes the raw figures to bench/results/. Exits non-zero when an item failed.
 */
import { blobItem } from './items/blob-item.js';
import { codecItem } from './items/codec-item.js';
import { httpItems } from './items/http-item.js';
import { protocolItems } from './items/protocol-item.js';
import { queueItem } from './items/queue-item.js';
import { soakItem } from './items/soak-item.js';
import { startupItem } from './items/startup-item.js';
import { describeMachine, machineFacts } from './machine.js';
import { parseOptions, USAGE, type BenchOptions, type Item } from './options.js';
import { RESULTS_DIR } from './paths.js';
import { writeResults } from './report/results-file.js';
import type { ItemOutcome } from './report/row.js';
import { renderTable } from './report/table.js';

const RUNNERS: Readonly<Record<Item, (options: BenchOptions) => Promise<ItemOutcome[]>>> = {
  protocol: protocolItems,
  http: httpItems,
  startup: startupItem,
  codec: codecItem,
  queue: queueItem,
  blob: blobItem,
  soak: soakItem,
};

async function main(): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date().toISOString();
  const machine = machineFacts();
  console.log(`functions-rpc bench${options.smoke ? ' (smoke)' : ''}: ${describeMachine(machine)}`);
  const outcomes: ItemOutcome[] = [];
  for (const item of options.items) {
    console.log(`running ${item} ...`);
    outcomes.push(...(await guarded(item, RUNNERS[item], options)));
  }
  console.log(`\n${renderTable(outcomes)}`);
  const path = await writeResults(RESULTS_DIR, {
    startedAt,
    machine,
    options: { ...options, items: [...options.items] },
    outcomes,
  });
  console.log(`raw figures: ${path}`);
  return outcomes.some((outcome) => outcome.status === 'error') ? 1 : 0;
}

/** An item that throws becomes an error outcome, so the other items still run and report. */
async function guarded(
  item: Item,
  runner: (options: BenchOptions) => Promise<ItemOutcome[]>,
  options: BenchOptions,
): Promise<ItemOutcome[]> {
  try {
    return await runner(options);
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`${item} failed: ${reason}`);
    return [{ item, status: 'error', reason: firstLine(reason), rows: [] }];
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

process.exitCode = await main();
