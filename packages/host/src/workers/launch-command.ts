import {
  applyWorkerSettings,
  workerCommand,
  workerEnvironment,
  type WorkerConfig,
} from '@functions-rpc/protocol';

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
  /** More arguments before the worker path, after `languageWorkers:<language>:arguments` (`--language-worker`). */
  readonly workerArguments?: readonly string[] | undefined;
}

/**
 * Builds the command line and environment of a worker per BEHAVIOR 3.2/3.3: the child inherits the host's
 * environment plus the app settings, and gets the worker and app directories explicitly (the app directory also
 * as `AzureWebJobsScriptRoot` unless already set, as Core Tools does). The `languageWorkers:<language>:*`
 * settings (app settings, then the host's environment) adjust the worker config, and the command line is
 * expanded against that environment by `workerCommand`.
 */
export function buildWorkerLaunch(config: WorkerConfig, context: LaunchContext): WorkerLaunch {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(context.hostEnv)) if (value !== undefined) env[key] = value;
  Object.assign(
    env,
    context.values,
    { FUNCTIONS_WORKER_RUNTIME: context.runtime },
    workerEnvironment({ workerDir: config.workerDir, appDir: context.appDir }),
  );
  env['AZURE_FUNCTIONS_ENVIRONMENT'] ??= 'Development';
  // Core Tools exports the script root to its workers; Python puts it on sys.path to import the app.
  env[SCRIPT_ROOT] ??= context.appDir;
  // The reference host widens these runtimes' in-process concurrency, whose defaults are tiny.
  const concurrency = RUNTIME_CONCURRENCY[context.runtime.toLowerCase()];
  if (concurrency) env[concurrency] ??= '1000';
  // env holds the app settings over the host's environment, where these settings are looked up.
  const adjusted = applyWorkerSettings(config, env);
  const withExtra = context.workerArguments?.length
    ? { ...adjusted, arguments: [...adjusted.arguments, ...context.workerArguments] }
    : adjusted;
  return { ...workerCommand(withExtra, env), env, cwd: context.appDir };
}

const SCRIPT_ROOT = 'AzureWebJobsScriptRoot';
const RUNTIME_CONCURRENCY: Readonly<Record<string, string>> = {
  python: 'PYTHON_THREADPOOL_THREAD_COUNT',
  powershell: 'PSWorkerInProcConcurrencyUpperBound',
};
