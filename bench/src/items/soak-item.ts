import { fnrpcBin, startFnrpc, type HttpServer } from '../http/http-servers.js';
import { load, type LoadFigures } from '../http/load.js';
import { SlowClients, slowHeaderHold } from '../http/slow-clients.js';
import { upload } from '../http/upload.js';
import type { BenchOptions } from '../options.js';
import { sampleMemory } from '../process/memory.js';
import { row, type ItemOutcome, type Row } from '../report/row.js';
import { median } from '../stats.js';

/** The sizes of a full run and of a smoke run (which only proves the item works). */
interface SoakSizes {
  readonly uploadBytes: number;
  readonly uploaders: number;
  readonly slowClients: number;
  /** The host's header timeout in seconds; undefined keeps its default. */
  readonly headersTimeoutS?: number;
  readonly settleMs: number;
  /** Ordinary requests after the uploads, before RSS is read a last time. */
  readonly laterRequests: number;
}

const FULL: SoakSizes = {
  uploadBytes: 90_000_000,
  uploaders: 4,
  slowClients: 200,
  settleMs: 3000,
  laterRequests: 2000,
};
const SMOKE: SoakSizes = {
  uploadBytes: 2_000_000,
  uploaders: 4,
  slowClients: 10,
  headersTimeoutS: 1,
  settleMs: 200,
  laterRequests: 20,
};

/** Load connections for the latency figures, with and without slow clients. */
const LOAD_CONNECTIONS = 16;

/**
 * The host's limits under pressure, each on a fresh `fnrpc start`: RSS of host and worker while 4 clients
 * upload 90 MB each and after; how long a client that never finishes its headers holds a connection; the
 * latency of normal requests while 200 such clients are connected, against the same host without them.
 */
export async function soakItem(options: BenchOptions): Promise<ItemOutcome[]> {
  const bin = fnrpcBin();
  if (typeof bin !== 'string') return [{ item: 'soak', status: 'skipped', reason: bin.missing, rows: [] }];
  const sizes = options.smoke ? SMOKE : FULL;
  const args =
    sizes.headersTimeoutS === undefined ? [] : ['--headers-timeout', String(sizes.headersTimeoutS)];
  const host = await startFnrpc(bin, undefined, args);
  try {
    const uploads = await uploadRows(host, sizes);
    const holdMs = await slowHeaderHold(host.url, 120_000);
    const latency = await latencyRows(host, sizes, options);
    return [
      {
        item: 'soak',
        status: 'ok',
        rows: [...uploads.rows, row('soak', 'slow-header client', 'held s', holdMs / 1000), ...latency.rows],
        raw: { uploads: uploads.raw, holdMs, latency: latency.raw, sizes },
      },
    ];
  } finally {
    await host.stop();
  }
}

async function uploadRows(host: HttpServer, sizes: SoakSizes): Promise<{ rows: Row[]; raw: unknown }> {
  const pids = [host.process.pid, ...(await host.workerPids())];
  const rss = async (): Promise<number[]> =>
    Promise.all(pids.map(async (pid) => (await sampleMemory(pid))?.rssMiB ?? Number.NaN));
  const before = await rss();
  const peak = [...before];
  const sampler = setInterval(() => {
    void rss().then((now) => now.forEach((value, i) => (peak[i] = Math.max(peak[i]!, value))));
  }, 50);
  const statuses = await Promise.all(
    Array.from({ length: sizes.uploaders }, () => upload(host.url, sizes.uploadBytes)),
  );
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, sizes.settleMs));
  const after = await rss();
  // Garbage is collected as the processes work on: RSS once they have served some ordinary requests.
  await load(host.url, 4, { amount: sizes.laterRequests });
  const later = await rss();
  const accepted = statuses.filter((status) => status === 200).length;
  const label = `${sizes.uploaders} × ${Math.round(sizes.uploadBytes / 1e6)} MB uploads`;
  const rows = [
    row('soak', 'fnrpc host', `RSS during ${label} MiB`, peak[0]!, { subject: 'before', value: before[0]! }),
    row('soak', 'fnrpc host', `RSS after ${label} MiB`, after[0]!, { subject: 'before', value: before[0]! }),
    row('soak', 'fnrpc worker', `RSS during ${label} MiB`, peak[1] ?? Number.NaN, {
      subject: 'before',
      value: before[1] ?? Number.NaN,
    }),
    row('soak', 'fnrpc worker', `RSS after ${label} MiB`, after[1] ?? Number.NaN, {
      subject: 'before',
      value: before[1] ?? Number.NaN,
    }),
    row('soak', 'fnrpc host', `RSS ${sizes.laterRequests} requests later MiB`, later[0]!, {
      subject: 'before',
      value: before[0]!,
    }),
    row('soak', 'fnrpc worker', `RSS ${sizes.laterRequests} requests later MiB`, later[1] ?? Number.NaN, {
      subject: 'before',
      value: before[1] ?? Number.NaN,
    }),
    row('soak', 'fnrpc host', `${label}: answered 200`, accepted, {
      subject: 'sent',
      value: statuses.length,
    }),
  ];
  return { rows, raw: { before, peak, after, later, statuses } };
}

async function latencyRows(
  host: HttpServer,
  sizes: SoakSizes,
  options: BenchOptions,
): Promise<{ rows: Row[]; raw: unknown }> {
  const bound = options.smoke ? { amount: LOAD_CONNECTIONS * 4 } : { duration: options.durationMs / 1000 };
  // Interleaved, repeat by repeat, so drift in the machine's load hits both alike; medians are shown.
  const quietRuns: LoadFigures[] = [];
  const busyRuns: LoadFigures[] = [];
  let connected = 0;
  let closedByServer = 0;
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    quietRuns.push(await load(host.url, LOAD_CONNECTIONS, bound));
    const slow = new SlowClients(host.url, sizes.slowClients);
    await new Promise((resolve) => setTimeout(resolve, 500));
    connected = Math.min(connected || slow.open, slow.open);
    busyRuns.push(await load(host.url, LOAD_CONNECTIONS, bound));
    slow.stop();
    closedByServer += slow.closedByServer;
  }
  const quiet = summary(quietRuns);
  const busy = summary(busyRuns);
  const subject = `with ${sizes.slowClients} slow clients`;
  const measure = (name: string): string => `${name} @${LOAD_CONNECTIONS}c`;
  const rows = [
    row('soak', subject, measure('p50 ms'), busy.p50Ms, { subject: 'without', value: quiet.p50Ms }),
    row('soak', subject, measure('p99 ms'), busy.p99Ms, { subject: 'without', value: quiet.p99Ms }),
    row('soak', subject, measure('req/s'), busy.perSecond, { subject: 'without', value: quiet.perSecond }),
    row('soak', subject, measure('errors'), busy.errors, { subject: 'without', value: quiet.errors }),
  ];
  return { rows, raw: { quietRuns, busyRuns, connected, closedByServer } };
}

/** Medians of the rates and latencies over the repeats, errors summed. */
function summary(runs: readonly LoadFigures[]): Omit<LoadFigures, 'requests'> {
  const middle = (pick: (figures: LoadFigures) => number): number => median(runs.map(pick));
  return {
    p50Ms: middle((f) => f.p50Ms),
    p99Ms: middle((f) => f.p99Ms),
    perSecond: middle((f) => f.perSecond),
    errors: runs.reduce((sum, f) => sum + f.errors, 0),
  };
}
