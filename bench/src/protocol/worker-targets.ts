import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { launchFromWorkerConfig } from '@functions-rpc/testkit';
import { DOTNET_WORKER } from '../dotnet/dotnet-app.js';
import { repoPath } from '../paths.js';
import type { Launch } from '../process/spawned.js';

/** A worker the protocol items drive, under the name the table shows. */
export interface WorkerTarget {
  readonly name: string;
  readonly launch: Launch;
  /** The app it runs, when not the hello app (a .NET worker runs its own build output). */
  readonly appDir?: string;
}

const OUR_WORKER_DIR = repoPath('packages/worker');

/**
 * Our worker, launched from its worker.config.json as a host would; a string saying why when the
 * worker is not in the tree yet. A config whose entry is missing is an error, not a skip.
 */
export function ourWorker(): WorkerTarget | string {
  if (!existsSync(`${OUR_WORKER_DIR}/worker.config.json`))
    return 'packages/worker/worker.config.json does not exist';
  const launch = launchFromWorkerConfig(OUR_WORKER_DIR);
  const entry = launch.args?.at(-1);
  if (entry && !existsSync(entry))
    throw new Error(`Our worker's entry ${entry} is missing; run npm run build.`);
  return { name: 'ours', launch: { command: launch.command, args: launch.args ?? [] } };
}

/** What the floor copies from the worker it stands beside. */
export interface FloorRecording {
  /** An InvocationResponse, encoded, in base64. */
  readonly response: string;
  readonly capabilities: Readonly<Record<string, string>>;
}

/** The trivial worker that marks the transport's limit, mirroring `recording` when given. */
export function floorWorker(recording?: FloorRecording): WorkerTarget {
  const script = repoPath('bench/dist/floor-worker/floor-worker.js');
  const env: Record<string, string> = recording
    ? { FLOOR_RESPONSE: recording.response, FLOOR_CAPABILITIES: JSON.stringify(recording.capabilities) }
    : {};
  return { name: 'floor', launch: { command: process.execPath, args: [script], env } };
}

/**
 * Microsoft's .NET isolated worker: the app's own build output, launched from the worker.config.json the
 * Worker SDK wrote there (`dotnet <App>.dll`), as a host does.
 */
export function dotnetWorker(outputDir: string): WorkerTarget {
  const launch = launchFromWorkerConfig(outputDir);
  return {
    name: DOTNET_WORKER,
    launch: { command: launch.command, args: launch.args ?? [] },
    appDir: outputDir,
  };
}

/** Any other worker from a `--worker-cmd` line such as `node /path/to/nodejsWorker.js`. */
export function commandWorker(commandLine: string): WorkerTarget {
  const [command, ...args] = splitCommand(commandLine);
  if (!command) throw new Error('--worker-cmd needs a command.');
  const script = args.findLast((arg) => !arg.startsWith('-'));
  const resolved = command === 'node' ? process.execPath : command;
  return { name: script ? basename(script) : basename(command), launch: { command: resolved, args } };
}

/** Splits on blanks, keeping single- or double-quoted parts together. */
function splitCommand(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}
