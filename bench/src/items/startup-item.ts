import { dotnetApps, dotnetSkipped, isMissing, type DotnetApp } from '../dotnet/dotnet-app.js';
import {
  FNRPC_START,
  fnrpcBin,
  startFnrpc,
  startPlainServer,
  type HttpServer,
} from '../http/http-servers.js';
import type { BenchOptions } from '../options.js';
import { HELLO_APP } from '../paths.js';
import { LeanDriver, type StartupTimings } from '../protocol/lean-driver.js';
import {
  commandWorker,
  dotnetWorker,
  floorWorker,
  ourWorker,
  type WorkerTarget,
} from '../protocol/worker-targets.js';
import { row, type Baseline, type ItemOutcome, type Row } from '../report/row.js';
import { median } from '../stats.js';

/**
 * Item 4: `fnrpc start` to its first 200 beside a node:http server's (on the .NET apps beside the hello app's),
 * and each worker from spawn to its WorkerInitResponse and to all functions loaded beside the floor's. Medians of several cold starts, taken
 * in rounds (one start of each per round) so drift in machine load hits all alike.
 */
export async function startupItem(options: BenchOptions): Promise<ItemOutcome[]> {
  const rows: Row[] = [];
  const missing: string[] = [];
  const dotnet = await dotnetApps();
  const dotnetList = isMissing(dotnet) ? [] : [dotnet.rpcHttp, dotnet.aspNetCore];
  const bin = fnrpcBin();
  const servers = typeof bin === 'string' ? await serverStarts(bin, options.starts, dotnetList) : undefined;
  if (typeof bin !== 'string') missing.push(bin.missing);
  if (servers) {
    const plain = { subject: 'node:http', value: median(servers.plain) };
    const host = median(servers.host);
    rows.push(row('startup', FNRPC_START, 'to first 200 ms', host, plain));
    const nodeHost = { subject: FNRPC_START, value: host };
    for (const [label, starts] of servers.apps)
      rows.push(row('startup', `${FNRPC_START} (${label})`, 'to first 200 ms', median(starts), nodeHost));
  }
  const ours = ourWorker();
  if (typeof ours === 'string') missing.push(`our worker: ${ours}`);
  const targets = [
    ...(typeof ours === 'string' ? [] : [ours]),
    ...(isMissing(dotnet) ? [] : [dotnetWorker(dotnet.rpcHttp.dir)]),
    ...options.workerCommands.map(commandWorker),
  ];
  const workers = await workerStarts([floorWorker(), ...targets], options.starts);
  const floor = workers.get('floor') ?? [];
  if (targets.length === 0) rows.push(...timingRows('floor', floor));
  for (const target of targets)
    rows.push(...timingRows(`worker ${target.name}`, workers.get(target.name) ?? [], floor));
  const raw = {
    servers: servers && { ...servers, apps: Object.fromEntries(servers.apps) },
    workers: Object.fromEntries(workers),
  };
  const dotnetNote = isMissing(dotnet) ? [dotnetSkipped('startup', dotnet)] : [];
  if (missing.length > 0)
    return [{ item: 'startup', status: 'skipped', reason: missing.join('; '), rows, raw }, ...dotnetNote];
  return [{ item: 'startup', status: 'ok', rows, raw }, ...dotnetNote];
}

/** Cold starts in rounds: the host on the hello app, on each .NET app, and node:http. */
async function serverStarts(
  bin: string,
  rounds: number,
  apps: readonly DotnetApp[],
): Promise<{ host: number[]; apps: Map<string, number[]>; plain: number[] }> {
  const starts = {
    host: [] as number[],
    apps: new Map(apps.map((app) => [app.label, [] as number[]])),
    plain: [] as number[],
  };
  for (let round = 0; round < rounds; round++) {
    starts.host.push(await timeToReady(() => startFnrpc(bin)));
    for (const app of apps) starts.apps.get(app.label)?.push(await timeToReady(() => startFnrpc(bin, app)));
    starts.plain.push(await timeToReady(startPlainServer));
  }
  return starts;
}

async function timeToReady(start: () => Promise<HttpServer>): Promise<number> {
  const server = await start();
  await server.stop();
  return server.readyMs;
}

async function workerStarts(
  targets: readonly WorkerTarget[],
  rounds: number,
): Promise<Map<string, StartupTimings[]>> {
  const timings = new Map(targets.map((target) => [target.name, [] as StartupTimings[]]));
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) timings.get(target.name)?.push(await workerStart(target));
  }
  return timings;
}

async function workerStart(target: WorkerTarget): Promise<StartupTimings> {
  const driver = await LeanDriver.start(target.launch, target.appDir ?? HELLO_APP);
  try {
    return (await driver.handshake()).timings;
  } finally {
    await driver.dispose();
  }
}

function timingRows(subject: string, timings: StartupTimings[], base?: StartupTimings[]): Row[] {
  const middle = (list: StartupTimings[], pick: (timing: StartupTimings) => number): number =>
    median(list.map(pick));
  const baseline = (pick: (timing: StartupTimings) => number): Baseline | undefined =>
    base && { subject: 'floor', value: middle(base, pick) };
  const init = (timing: StartupTimings): number => timing.initializedMs;
  const loaded = (timing: StartupTimings): number => timing.loadedMs;
  return [
    row('startup', subject, 'to init response ms', middle(timings, init), baseline(init)),
    row('startup', subject, 'to all loaded ms', middle(timings, loaded), baseline(loaded)),
  ];
}
