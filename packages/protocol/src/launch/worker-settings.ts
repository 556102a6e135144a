import type { WorkerConfig } from './worker-config.js';

/** App settings and environment variables, as the host reads its configuration. */
export type WorkerSettings = Readonly<Record<string, string | undefined>>;

/**
 * Applies the app-setting overrides of a worker config (BEHAVIOR 3): `languageWorkers:<language>:arguments`,
 * split on whitespace and appended to `arguments` (`--inspect=9229` lets a debugger attach to a Node.js
 * worker), `…:defaultExecutablePath` and `…:defaultRuntimeVersion`. Keys match case-insensitively, written
 * with `:` or, as environment variables must be, with `__`.
 */
export function applyWorkerSettings(config: WorkerConfig, settings: WorkerSettings): WorkerConfig {
  const setting = (name: string): string | undefined => workerSetting(settings, config.language, name);
  const extra = setting('arguments')?.split(/\s+/).filter(Boolean) ?? [];
  const executable = setting('defaultExecutablePath');
  const runtimeVersion = setting('defaultRuntimeVersion');
  return {
    ...config,
    arguments: [...config.arguments, ...extra],
    ...(executable ? { defaultExecutablePath: executable } : {}),
    ...(runtimeVersion ? { defaultRuntimeVersion: runtimeVersion } : {}),
  };
}

/** The setting `languageWorkers:<language>:<name>`, in either spelling; undefined when unset or empty. */
function workerSetting(settings: WorkerSettings, language: string, name: string): string | undefined {
  const wanted = `languageworkers:${language}:${name}`.toLowerCase();
  for (const [key, value] of Object.entries(settings)) {
    if (value && key.toLowerCase().replaceAll('__', ':') === wanted) return value;
  }
  return undefined;
}
