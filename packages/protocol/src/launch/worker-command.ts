import { arch, platform } from 'node:os';
import { isAbsolute, join, sep } from 'node:path';
import type { WorkerConfig } from './worker-config.js';

/** The command line of a worker before the host appends the standard arguments (BEHAVIOR 3.2). */
export interface WorkerCommand {
  readonly command: string;
  /** `description.arguments`, then the worker path. */
  readonly args: string[];
}

const RUNTIME_VERSION = 'FUNCTIONS_WORKER_RUNTIME_VERSION';

/**
 * Expands a worker config into its command line. `%VAR%` tokens are expanded against `env` and unknown ones
 * removed; `{os}`, `{architecture}`, `{workerDirectoryPath}` and `{WorkerRoot}` (the worker folder with a
 * trailing separator, how a self-contained .NET isolated app names its executable) are substituted;
 * `%FUNCTIONS_WORKER_RUNTIME_VERSION%` defaults to the config's `defaultRuntimeVersion`, as the reference host
 * does. An executable of exactly `node` runs as this very Node.js, so the worker never depends on what PATH finds.
 */
export function workerCommand(config: WorkerConfig, env: Readonly<Record<string, string>>): WorkerCommand {
  const tokens = { ...env };
  if (!tokens[RUNTIME_VERSION] && config.defaultRuntimeVersion)
    tokens[RUNTIME_VERSION] = config.defaultRuntimeVersion;
  const expand = (text: string): string => expandTokens(text, tokens, config.workerDir);
  const executable = expand(config.defaultExecutablePath);
  const args = config.arguments.map(expand).filter((arg) => arg !== '');
  if (config.defaultWorkerPath) args.push(resolveIn(config.workerDir, expand(config.defaultWorkerPath)));
  return { command: resolveExecutable(executable, config.workerDir), args };
}

/** `{os}` as .NET's OSPlatform names it in worker paths (e.g. Python's `LINUX/X64`). */
export function osToken(): string {
  const name = platform();
  return name === 'win32' ? 'WINDOWS' : name === 'darwin' ? 'OSX' : 'LINUX';
}

/** `{architecture}` as .NET's Architecture enum names it (`X64`, `X86`, `Arm`, `Arm64`). */
export function architectureToken(): string {
  const names: Record<string, string> = { x64: 'X64', ia32: 'X86', arm: 'Arm', arm64: 'Arm64' };
  return names[arch()] ?? arch();
}

function expandTokens(text: string, env: Readonly<Record<string, string>>, workerDir: string): string {
  return text
    .replaceAll('{workerDirectoryPath}', workerDir)
    .replaceAll('{WorkerRoot}', workerDir.endsWith(sep) ? workerDir : workerDir + sep)
    .replaceAll('{os}', osToken())
    .replaceAll('{architecture}', architectureToken())
    .replace(/%([^%\s]+)%/g, (_token, name: string) => env[name] ?? '');
}

function resolveIn(dir: string, path: string): string {
  return isAbsolute(path) ? path : join(dir, path);
}

function resolveExecutable(executable: string, workerDir: string): string {
  if (executable === 'node') return process.execPath;
  // A bare name is looked up on PATH; a relative path belongs to the worker's folder.
  return /[\\/]/.test(executable) ? resolveIn(workerDir, executable) : executable;
}
