import { dotnetApps, dotnetSkipped, isMissing } from '../dotnet/dotnet-app.js';
import { transfer, type Direction } from '../http/bodies.js';
import {
  FNRPC_START,
  fnrpcBin,
  startFnrpc,
  startInProcessServer,
  startPlainServer,
  type HttpServer,
} from '../http/http-servers.js';
import { load, loadBound, type LoadFigures } from '../http/load.js';
import type { BenchOptions } from '../options.js';
import { cpuMicros, ownCpuMicros, totalCpuMicros } from '../process/cpu-time.js';
import { sampleMemory, type MemorySample } from '../process/memory.js';
import { perCall } from '../protocol/measure.js';
import { row, type ItemOutcome, type Row } from '../report/row.js';
import { median } from '../stats.js';

/** Open connections for each HTTP figure. */
const LEVELS = [1, 16, 64] as const;

/** Where the CPU time per request is shown: the highest level, where the processes are busiest. */
const CPU_LEVEL = Math.max(...LEVELS);

/** One load run, with the CPU time each process spent per request (NaN where unknown). */
interface ServerRun extends LoadFigures {
  /** The server: the host, or the node:http baseline. */
  readonly serverCpuUs: number;
  /** The host's workers together; 0 for the baseline. */
  readonly workersCpuUs: number;
  /** autocannon, which runs in this process. */
  readonly loadCpuUs: number;
}

/** The large bodies sent and fetched, in bytes. */
const BODY_SIZES = [1_000_000, 10_000_000] as const;

/**
 * Item 3 and the host's half of item 5: autocannon against `fnrpc start` on the hello app, on the .NET
 * isolated apps (RpcHttp and ASP.NET Core integration, where dotnet is on PATH), against a bare node:http
 * server with the same body and against the in-process floor, interleaved level by level; large bodies in and
 * out of the host and of node:http; memory after the runs.
 */
export async function httpItems(options: BenchOptions): Promise<ItemOutcome[]> {
  const bin = fnrpcBin();
  if (typeof bin !== 'string') return [{ item: 'http', status: 'skipped', reason: bin.missing, rows: [] }];
  const dotnet = await dotnetApps();
  // Every server started is in `servers` at once, so a failing start still stops the others.
  const servers: HttpServer[] = [];
  const started = async (start: Promise<HttpServer>): Promise<HttpServer> => {
    const server = await start;
    servers.push(server);
    return server;
  };
  try {
    const host = await started(startFnrpc(bin));
    const hosts = [host];
    if (!isMissing(dotnet)) {
      hosts.push(await started(startFnrpc(bin, dotnet.rpcHttp)));
      hosts.push(await started(startFnrpc(bin, dotnet.aspNetCore)));
    }
    const plain = await started(startPlainServer());
    const floor = await started(startInProcessServer());
    for (const server of servers)
      await load(server.url, 16, options.smoke ? { amount: 50 } : { duration: 1 });
    const runs = new Map(servers.map((server) => [server.name, new Map<number, ServerRun[]>()]));
    for (const level of LEVELS) {
      for (let repeat = 0; repeat < options.repeats; repeat++) {
        for (const server of servers) {
          const figures = await measuredLoad(server, level, loadBound(options, level));
          const byLevel = runs.get(server.name);
          byLevel?.set(level, [...(byLevel.get(level) ?? []), figures]);
        }
      }
    }
    const bodies = await bodyRuns([host, plain], options);
    const memory = await Promise.all(hosts.map((each) => serverMemory(each, plain)));
    return [
      {
        item: 'http',
        status: 'ok',
        rows: [
          ...hosts.flatMap((each) => [
            ...loadRows(runs, each, plain),
            ...cpuRows(runs, each, plain, each === host ? floor : undefined),
          ]),
          ...floorRows(runs, host, floor),
          ...bodyRows(bodies, host, plain),
        ],
        raw: {
          load: Object.fromEntries([...runs].map(([name, byLevel]) => [name, Object.fromEntries(byLevel)])),
          bodies: Object.fromEntries(bodies),
        },
      },
      {
        item: 'memory',
        status: 'ok',
        rows: memory.flatMap((sample) => sample.rows),
        raw: Object.fromEntries(hosts.map((host, index) => [host.name, memory[index]?.raw])),
      },
      ...(isMissing(dotnet) ? [dotnetSkipped('http', dotnet)] : []),
    ];
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** A load run, reading the CPU time of the server, its workers and this process around it. */
async function measuredLoad(
  server: HttpServer,
  connections: number,
  limit: ReturnType<typeof loadBound>,
): Promise<ServerRun> {
  const workers = await server.workerPids();
  const read = async (): Promise<readonly [number | undefined, number | undefined, number]> => [
    await cpuMicros(server.process.pid),
    await totalCpuMicros(workers),
    ownCpuMicros(),
  ];
  const before = await read();
  const figures = await load(server.url, connections, limit);
  const after = await read();
  return {
    ...figures,
    serverCpuUs: perCall(before[0], after[0], figures.requests),
    workersCpuUs: perCall(before[1], after[1], figures.requests),
    loadCpuUs: perCall(before[2], after[2], figures.requests),
  };
}

/**
 * CPU µs per request at the highest level, process by process and in all, against the baseline's: what
 * bounds the host's throughput on a machine whose cores are all busy.
 */
function cpuRows(
  runs: Map<string, Map<number, ServerRun[]>>,
  host: HttpServer,
  plain: HttpServer,
  floor?: HttpServer,
): Row[] {
  const middle = (name: string, pick: (run: ServerRun) => number): number =>
    median((runs.get(name)?.get(CPU_LEVEL) ?? []).map(pick));
  const total = (run: ServerRun): number => run.serverCpuUs + run.workersCpuUs + run.loadCpuUs;
  const measure = `CPU µs/req @${CPU_LEVEL}c`;
  const against = (subject: string, pick: (run: ServerRun) => number) => ({
    subject,
    value: middle(plain.name, pick),
  });
  return [
    row(
      'http',
      `${host.name}: host`,
      measure,
      middle(host.name, (run) => run.serverCpuUs),
      against(plain.name, (run) => run.serverCpuUs),
    ),
    row(
      'http',
      `${host.name}: workers`,
      measure,
      middle(host.name, (run) => run.workersCpuUs),
    ),
    row(
      'http',
      'load generator',
      measure,
      middle(host.name, (run) => run.loadCpuUs),
      against('load generator', (run) => run.loadCpuUs),
    ),
    row('http', `${host.name}: all`, measure, middle(host.name, total), against(`${plain.name}: all`, total)),
    ...(floor
      ? [
          row(
            'http',
            floor.name,
            measure,
            middle(floor.name, (run) => run.serverCpuUs),
            against(plain.name, (run) => run.serverCpuUs),
          ),
        ]
      : []),
  ];
}

/** `fnrpc start`'s rate against the in-process floor's, level by level: the price of the hop and protocol. */
function floorRows(runs: Map<string, Map<number, ServerRun[]>>, host: HttpServer, floor: HttpServer): Row[] {
  const rate = (name: string, level: number): number =>
    median((runs.get(name)?.get(level) ?? []).map((figures) => figures.perSecond));
  return LEVELS.map((level) =>
    row('http', host.name, `req/s @${level}c`, rate(host.name, level), {
      subject: floor.name,
      value: rate(floor.name, level),
    }),
  );
}

/** Milliseconds per transfer, by server, direction and size. */
type BodyRuns = Map<string, number[]>;

const bodyKey = (server: string, direction: Direction, bytes: number): string =>
  `${server} ${direction} ${bytes}`;

/**
 * Each large body in and out of each server, interleaved, after one warm-up transfer of each. A 1 MB transfer
 * takes a few milliseconds but now and then tens more (the collector, the client's own scheduling), for
 * node:http too, so the smaller size gets more transfers for a median that holds still from run to run.
 */
async function bodyRuns(servers: readonly HttpServer[], options: BenchOptions): Promise<BodyRuns> {
  const runs: BodyRuns = new Map();
  const base = (server: HttpServer): string => new URL(server.url).origin;
  for (const bytes of BODY_SIZES) {
    const repeats = options.smoke ? 1 : Math.max(3, options.repeats) * (bytes <= 1_000_000 ? 5 : 1);
    for (const direction of ['in', 'out'] as const) {
      if (!options.smoke) for (const server of servers) await transfer(base(server), direction, bytes);
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const server of servers) {
          const key = bodyKey(server.name, direction, bytes);
          runs.set(key, [...(runs.get(key) ?? []), await transfer(base(server), direction, bytes)]);
        }
      }
    }
  }
  return runs;
}

/** MB/s of each large body in and out, the host against node:http (above 1: faster). */
function bodyRows(runs: BodyRuns, host: HttpServer, plain: HttpServer): Row[] {
  const rate = (server: string, direction: Direction, bytes: number): number =>
    bytes / 1e6 / (median(runs.get(bodyKey(server, direction, bytes)) ?? []) / 1000);
  return BODY_SIZES.flatMap((bytes) =>
    (['in', 'out'] as const).map((direction) =>
      row('http', host.name, `MB/s ${direction} ${bytes / 1e6} MB`, rate(host.name, direction, bytes), {
        subject: plain.name,
        value: rate(plain.name, direction, bytes),
      }),
    ),
  );
}

function loadRows(runs: Map<string, Map<number, ServerRun[]>>, host: HttpServer, plain: HttpServer): Row[] {
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
  // `fnrpc start (dotnet-isolated)` → `fnrpc (dotnet-isolated) host`; the hello app's host stays `fnrpc host`.
  const prefix = host.name.replace(FNRPC_START, 'fnrpc');
  add(`${prefix} host`, hostSample, false);
  workerSamples.forEach((sample, index) =>
    add(`${prefix} worker${workerSamples.length > 1 ? ` ${index + 1}` : ''}`, sample, false),
  );
  // What the user pays: the host and its workers together, against one plain server process.
  add(`${prefix} host + workers`, total(samples), true);
  return { rows, raw: { host: hostSample, workers: workerSamples, plain: plainSample } };
}

function total(samples: readonly MemorySample[]): MemorySample | undefined {
  if (samples.length === 0) return undefined;
  return {
    rssMiB: samples.reduce((sum, sample) => sum + sample.rssMiB, 0),
    peakRssMiB: samples.reduce((sum, sample) => sum + sample.peakRssMiB, 0),
  };
}
