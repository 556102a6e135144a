import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HELLO_APP, repoPath } from '../paths.js';
import { childPids } from '../process/memory.js';
import { Spawned } from '../process/spawned.js';
import { freePort } from './free-port.js';
import { waitForOk } from './wait-for-ok.js';

/** An HTTP server process answering the hello route, ready for load. */
export interface HttpServer {
  readonly name: string;
  readonly url: string;
  readonly process: Spawned;
  /** From spawn to the first 200, in ms. */
  readonly readyMs: number;
  /** The host's worker processes (none for the baseline). */
  workerPids(): Promise<number[]>;
  stop(): Promise<void>;
}

const HOST_DIR = repoPath('packages/host');

/** The `fnrpc` bin of packages/host; a string saying why when the host has none yet. */
export function fnrpcBin(): string | { readonly missing: string } {
  const manifest = JSON.parse(readFileSync(join(HOST_DIR, 'package.json'), 'utf8')) as {
    bin?: Record<string, string>;
  };
  const bin = manifest.bin?.fnrpc;
  if (!bin) return { missing: 'packages/host/package.json has no fnrpc bin' };
  const path = join(HOST_DIR, bin);
  if (!existsSync(path)) throw new Error(`The fnrpc bin ${path} is missing; run npm run build.`);
  return path;
}

/** The name of `fnrpc start` on the hello app in the table. */
export const FNRPC_START = 'fnrpc start';

/**
 * `fnrpc start` on a free port, on the hello app or another app with the same `hello` function (named in the
 * table as `fnrpc start (<label>)`), with more options if given; resolves once /api/hello answers 200.
 */
export async function startFnrpc(
  bin: string,
  app?: { dir: string; label: string },
  options: readonly string[] = [],
): Promise<HttpServer> {
  const port = await freePort();
  const appDir = app?.dir ?? HELLO_APP;
  const spawned = new Spawned({
    command: process.execPath,
    args: [bin, 'start', appDir, '--port', String(port), ...options],
    cwd: appDir,
  });
  const name = app ? `${FNRPC_START} (${app.label})` : FNRPC_START;
  return ready(name, `http://127.0.0.1:${port}/api/hello`, spawned, true);
}

/** The node:http baseline on a free port. */
export async function startPlainServer(): Promise<HttpServer> {
  const port = await freePort();
  const script = repoPath('bench/dist/src/http/plain-server.js');
  const spawned = new Spawned({ command: process.execPath, args: [script, String(port)] });
  return ready('node:http', `http://127.0.0.1:${port}/api/hello`, spawned, false);
}

/** The in-process floor (see in-process-server.ts) on the hello app, on a free port. */
export async function startInProcessServer(): Promise<HttpServer> {
  const port = await freePort();
  const script = repoPath('bench/dist/src/http/in-process-server.js');
  const spawned = new Spawned({
    command: process.execPath,
    args: [script, HELLO_APP, String(port)],
    cwd: HELLO_APP,
  });
  return ready('in-process floor', `http://127.0.0.1:${port}/api/hello`, spawned, false);
}

async function ready(name: string, url: string, spawned: Spawned, hasWorkers: boolean): Promise<HttpServer> {
  let workers: number[] = [];
  const commandLines = new Map<number, string>();
  const workerPids = async (): Promise<number[]> => {
    if (!hasWorkers || spawned.pid === undefined || !spawned.running) return workers;
    workers = await childPids(spawned.pid);
    for (const pid of workers) commandLines.set(pid, await commandLine(pid));
    return workers;
  };
  const stop = async (): Promise<void> => {
    await workerPids();
    await spawned.stop(5000);
    // A host that leaves its worker behind must not leave it running on this machine.
    for (const pid of workers) await killIfSame(pid, commandLines.get(pid));
  };
  try {
    const readyMs = await waitForOk(url, spawned);
    await workerPids();
    return { name, url, process: spawned, readyMs, workerPids, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Kills a worker the host left behind, only if the PID still runs the same command (no reused PID). */
async function killIfSame(pid: number, seen: string | undefined): Promise<void> {
  if (!seen || (await commandLine(pid)) !== seen) return;
  process.kill(pid, 'SIGKILL');
}

async function commandLine(pid: number): Promise<string> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
}
