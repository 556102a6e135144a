import { getKey, getObject, getString, type JsonObject } from '../json/json-object.js';
import { parseTimeSpan } from '../time-span.js';

/** `processOptions` of worker.config.json, with the reference host's defaults, in ms. */
export interface WorkerProcessOptions {
  readonly processCount: number;
  readonly maxProcessCount: number;
  /** Process start → StartStream received. */
  readonly processStartupTimeoutMs: number;
  /** WorkerInitRequest sent → WorkerInitResponse received. */
  readonly initializationTimeoutMs: number;
  /** How long a stopping host waits for in-flight invocations before terminating the worker. */
  readonly processShutdownTimeoutMs: number;
}

/** One worker as its worker.config.json describes it (BEHAVIOR 3.1; profiles are not applied). */
export interface WorkerConfig {
  /** The folder holding worker.config.json (`worker_directory`, FUNCTIONS_WORKER_DIRECTORY). */
  readonly workerDir: string;
  /** `description.language`, matched case-insensitively against FUNCTIONS_WORKER_RUNTIME. */
  readonly language: string;
  readonly extensions: readonly string[];
  readonly defaultExecutablePath: string;
  /** Unexpanded; may contain `{os}`, `{architecture}` and `%VAR%`. */
  readonly defaultWorkerPath?: string;
  /** Go before the worker path. */
  readonly arguments: readonly string[];
  /** `description.workerIndexing` is the string "true". */
  readonly workerIndexing: boolean;
  readonly defaultRuntimeVersion?: string;
  readonly isDisabled: boolean;
  /** stderr lines are errors, whatever their text. */
  readonly useStdErrorStreamForErrorsOnly: boolean;
  readonly processOptions: WorkerProcessOptions;
}

/** The reference host's defaults for `processOptions`. */
export const DEFAULT_PROCESS_OPTIONS: WorkerProcessOptions = {
  processCount: 1,
  maxProcessCount: 10,
  processStartupTimeoutMs: 60_000,
  initializationTimeoutMs: 10_000,
  processShutdownTimeoutMs: 10_000,
};

/** The file name looked for in every worker directory. */
export const WORKER_CONFIG_FILE = 'worker.config.json';

/**
 * Reads the parsed contents of `<workerDir>/worker.config.json`. Keys are read case-insensitively, as the
 * reference host does.
 *
 * @throws Error when a required description field is missing or a process timeout is not a TimeSpan.
 */
export function parseWorkerConfig(json: JsonObject, workerDir: string): WorkerConfig {
  const description = getObject(json, 'description');
  const language = getString(description, 'language');
  const executable = getString(description, 'defaultExecutablePath');
  if (!description || !language || !executable) {
    throw new Error('description.language and description.defaultExecutablePath are required.');
  }
  return {
    workerDir,
    language,
    extensions: stringArray(getKey(description, 'extensions')),
    defaultExecutablePath: executable,
    defaultWorkerPath: getString(description, 'defaultWorkerPath'),
    arguments: stringArray(getKey(description, 'arguments')),
    workerIndexing: String(getKey(description, 'workerIndexing') ?? '').toLowerCase() === 'true',
    defaultRuntimeVersion: getString(description, 'defaultRuntimeVersion'),
    isDisabled: isTrue(getKey(description, 'isDisabled')),
    useStdErrorStreamForErrorsOnly: isTrue(getKey(description, 'useStdErrorStreamForErrorsOnly')),
    processOptions: readProcessOptions(getObject(json, 'processOptions')),
  };
}

function readProcessOptions(options: JsonObject | undefined): WorkerProcessOptions {
  const span = (key: string, fallback: number): number => {
    const value = getKey(options, key);
    if (value === undefined || value === null) return fallback;
    const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
    if (ms === undefined) throw new Error(`processOptions.${key} must be "hh:mm:ss".`);
    return ms;
  };
  const count = (key: string, fallback: number): number => {
    const value = Number(getKey(options, key) ?? fallback);
    return Number.isInteger(value) && value >= 1 ? value : fallback;
  };
  const d = DEFAULT_PROCESS_OPTIONS;
  return {
    processCount: count('processCount', d.processCount),
    maxProcessCount: count('maxProcessCount', d.maxProcessCount),
    processStartupTimeoutMs: span('processStartupTimeout', d.processStartupTimeoutMs),
    initializationTimeoutMs: span('initializationTimeout', d.initializationTimeoutMs),
    processShutdownTimeoutMs: span('processShutdownTimeout', d.processShutdownTimeoutMs),
  };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isTrue(value: unknown): boolean {
  return value === true || String(value).toLowerCase() === 'true';
}
