import { arch, platform } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { WorkerConfig } from '../config/worker-config.js';

/** How to start one worker process, before the host appends its own arguments. */
export interface WorkerLaunch {
  readonly command: string;
  /** Arguments before the host's: `description.arguments`, then the worker path. */
  readonly args: readonly string[];
  /** The whole environment of the child. */
  readonly env: Readonly<Record<string, string>>;
  /** The working directory: the app folder. */
  readonly cwd: string;
}

/** What the launch depends on besides the worker config. */
export interface LaunchContext {
  readonly appDir: string;
  /** FUNCTIONS_WORKER_RUNTIME as resolved for this app. */
  readonly runtime: string;
  /** local.settings.json Values. */
  readonly values: Readonly<Record<string, string>>;
  /** The host's own environment, inherited by the child. */
  readonly hostEnv: NodeJS.ProcessEnv;
}

/**
 * Builds the command line and environment of a worker per BEHAVIOR 3.2/3.3: the child inherits the host's
 * environment plus the app settings, and gets the worker and app directories explicitly (the app directory also
 * as `AzureWebJobsScriptRoot` unless already set, as Core Tools does). `%VAR%` tokens are
 * expanded against that environment and unknown ones removed; `{os}`, `{architecture}` and
 * `{workerDirectoryPath}` are substituted; `%FUNCTIONS_WORKER_RUNTIME_VERSION%` defaults to the config's
 * `defaultRuntimeVersion`. An executable of exactly `node` runs as this host's own Node.js,
 * so the worker never depends on what PATH finds.
 */
export function buildWorkerLaunch(config: WorkerConfig, context: LaunchContext): WorkerLaunch {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(context.hostEnv)) if (value !== undefined) env[key] = value;
  Object.assign(env, context.values, {
    FUNCTIONS_WORKER_RUNTIME: context.runtime,
    FUNCTIONS_WORKER_DIRECTORY: config.workerDir,
    FUNCTIONS_APPLICATION_DIRECTORY: context.appDir,
  });
  env['AZURE_FUNCTIONS_ENVIRONMENT'] ??= 'Development';
  // Core Tools exports the script root to its workers; Python puts it on sys.path to import the app.
  env[SCRIPT_ROOT] ??= context.appDir;
  // The reference host widens these runtimes' in-process concurrency, whose defaults are tiny.
  const concurrency = RUNTIME_CONCURRENCY[context.runtime.toLowerCase()];
  if (concurrency) env[concurrency] ??= '1000';
  // The runtime version in worker paths falls back to the config's default, as the reference host does.
  const tokens = { ...env };
  if (!tokens[RUNTIME_VERSION] && config.defaultRuntimeVersion)
    tokens[RUNTIME_VERSION] = config.defaultRuntimeVersion;
  const expand = (text: string): string => expandTokens(text, tokens, config.workerDir);
  const executable = expand(config.defaultExecutablePath);
  const args = config.arguments.map(expand).filter((arg) => arg !== '');
  if (config.defaultWorkerPath) args.push(resolveIn(config.workerDir, expand(config.defaultWorkerPath)));
  return { command: resolveExecutable(executable, config.workerDir), args, env, cwd: context.appDir };
}

const RUNTIME_VERSION = 'FUNCTIONS_WORKER_RUNTIME_VERSION';
const SCRIPT_ROOT = 'AzureWebJobsScriptRoot';
const RUNTIME_CONCURRENCY: Readonly<Record<string, string>> = {
  python: 'PYTHON_THREADPOOL_THREAD_COUNT',
  powershell: 'PSWorkerInProcConcurrencyUpperBound',
};

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
