import { fnrpcBin, startFnrpc, startPlainServer, type HttpServer } from '../http/http-servers.js';
import { load, loadBound, type LoadFigures } from '../http/load.js';
import type { BenchOptions } from '../options.js';
import { sampleMemory, type MemorySample } from '../process/memory.js';
import { row, type ItemOutcome, type Row } from '../report/row.js';
import { median } from '../stats.js';

/** Open connections for each HTTP figure. */
const LEVELS = [1, 16, 64] as const;

/**
 * Item 3 and the host's half of item 5: autocannon against `fnrpc start` on the hello app and against a
 * bare node:http server with the same body, interleaved level by level; memory after the runs.
 */
export async function httpItems(options: BenchOptions): Promise<ItemOutcome[]> {
  const bin = fnrpcBin();
  if (typeof bin !== 'string') return [{ item: 'http', status: 'skipped', reason: bin.missing, rows: [] }];
  const servers: HttpServer[] = [];
  try {
    servers.push(await startFnrpc(bin), await startPlainServer());
    const [host, plain] = servers as [HttpServer, HttpServer];
    for (const server of servers)
      await load(server.url, 16, options.smoke ? { amount: 50 } : { duration: 1 });
    const runs = new Map(servers.map((server) => [server.name, new Map<number, LoadFigures[]>()]));
    for (const level of LEVELS) {
      for (let repeat = 0; repeat < options.repeats; repeat++) {
        for (const server of servers) {
          const figures = await load(server.url, level, loadBound(options, level));
          const byLevel = runs.get(server.name);
          byLevel?.set(level, [...(byLevel.get(level) ?? []), figures]);
        }
      }
    }
    const memory = await serverMemory(host, plain);
    return [
      {
        item: 'http',
        status: 'ok',
        rows: loadRows(runs, host, plain),
        raw: Object.fromEntries([...runs].map(([name, byLevel]) => [name, Object.fromEntries(byLevel)])),
      },
      { item: 'memory', status: 'ok', rows: memory.rows, raw: memory.raw },
    ];
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

function loadRows(runs: Map<string, Map<number, LoadFigures[]>>, host: HttpServer, plain: HttpServer): Row[] {
  const middle = (name: string, level: number, pick: (figures: LoadFigures) => number): number =>
    median((runs.get(name)?.get(level) ?? []).map(pick));
  const sum = (name: string, level: number): number =>
    (runs.get(name)?.get(level) ?? []).reduce((total, figures) => total + figures.errors, 0);
  return LEVELS.flatMap((level) => {
    const pair = (measure: string, pick: (figures: LoadFigures) => number): Row =>
      row('http', host.name, `${measure} @${level}c`, middle(host.name, level, pick), {
        subject: plain.name,
        value: middle(plain.name, level, pick),
      });
    return [
      pair('req/s', (figures) => figures.perSecond),
      // Little's law: with every connection always busy, mean latency = connections / rate. Unlike
      // autocannon's percentiles it is not rounded to whole milliseconds.
      pair('mean ms', (figures) => (level * 1000) / figures.perSecond),
      pair('p50 ms', (figures) => figures.p50Ms),
      pair('p99 ms', (figures) => figures.p99Ms),
      row('http', host.name, `errors @${level}c`, sum(host.name, level), {
        subject: plain.name,
        value: sum(plain.name, level),
      }),
    ];
  });
}

async function serverMemory(host: HttpServer, plain: HttpServer): Promise<{ rows: Row[]; raw: unknown }> {
  const hostSample = await sampleMemory(host.process.pid);
  const plainSample = await sampleMemory(plain.process.pid);
  const workerSamples = await Promise.all((await host.workerPids()).map((pid) => sampleMemory(pid)));
  const rows: Row[] = [];
  const add = (subject: string, sample: MemorySample | undefined, compare: boolean): void => {
    if (!sample) return;
    const base = (value: number | undefined) =>
      compare && value !== undefined ? { subject: 'node:http', value } : undefined;
    rows.push(row('memory', subject, 'RSS after runs MiB', sample.rssMiB, base(plainSample?.rssMiB)));
    rows.push(row('memory', subject, 'peak RSS MiB', sample.peakRssMiB, base(plainSample?.peakRssMiB)));
  };
  const samples = [hostSample, ...workerSamples].filter(
    (sample): sample is MemorySample => sample !== undefined,
  );
  add('fnrpc host', hostSample, false);
  workerSamples.forEach((sample, index) =>
    add(`fnrpc worker${workerSamples.length > 1 ? ` ${index + 1}` : ''}`, sample, false),
  );
  // What the user pays: the host and its workers together, against one plain server process.
  add('fnrpc host + workers', total(samples), true);
  return { rows, raw: { host: hostSample, workers: workerSamples, plain: plainSample } };
}

function total(samples: readonly MemorySample[]): MemorySample | undefined {
  if (samples.length === 0) return undefined;
  return {
    rssMiB: samples.reduce((sum, sample) => sum + sample.rssMiB, 0),
    peakRssMiB: samples.reduce((sum, sample) => sum + sample.peakRssMiB, 0),
  };
}
