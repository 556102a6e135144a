import { join } from 'node:path';
import type { HttpLimits } from '../http/http-limits.js';
import { parseLogLevel, type LogLevel } from '../log/log-level.js';
import { ConfigError } from './config-error.js';
import { readJsonObject } from './json-file.js';
import {
  getKey,
  getObject,
  parseRetryOptions,
  parseTimeSpan,
  type RpcRetryOptions,
} from '@functions-rpc/protocol';

/** Default `functionTimeout` outside the Consumption plan (as for a local host): 30 minutes. */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 30 * 60_000;

/** What the host uses of host.json. */
export interface HostJson {
  /** `extensions.http.routePrefix`; default `api`, may be empty. */
  readonly routePrefix: string;
  /** `functionTimeout` in ms; `undefined` when unbounded (`-1`). */
  readonly functionTimeoutMs: number | undefined;
  /** `logging.logLevel`: minimum level per category, `default` for the rest. */
  readonly logLevels: Readonly<Record<string, LogLevel>>;
  /** `fileWatchingEnabled`: whether a change to the app's files restarts the host; default true. */
  readonly fileWatchingEnabled: boolean;
  /** `retry`: the retry policy of functions that have none of their own (HTTP functions never retry). */
  readonly retry?: RpcRetryOptions;
  /** `functions`: the only functions to run, by name; absent or empty runs them all. */
  readonly functions?: readonly string[];
  /** `singleton`, as written (lock periods), when present. */
  readonly singleton?: Readonly<Record<string, unknown>>;
  /** `extensions`, as written: each binding extension reads its own section. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /**
   * The HTTP front end's limits that `extensions.http` sets (our settings: `maxConnections`,
   * `headersTimeout`, `requestTimeout`, `maxRequestBytesInFlight`); the others keep their defaults.
   */
  readonly httpLimits: Partial<HttpLimits>;
}

/**
 * Reads `<appDir>/host.json`.
 *
 * @throws ConfigError when it is missing, not version 2.0, or holds values of the wrong shape.
 */
export async function readHostJson(appDir: string): Promise<HostJson> {
  const path = join(appDir, 'host.json');
  const json = await readJsonObject(path, 'host.json');
  if (!json) throw new ConfigError(`No host.json in ${appDir}: not a Functions app folder.`);
  const version = getKey(json, 'version');
  if (version !== '2.0') {
    throw new ConfigError(`host.json: "version" must be "2.0", got ${JSON.stringify(version ?? null)}.`);
  }
  return {
    routePrefix: readRoutePrefix(json),
    functionTimeoutMs: readFunctionTimeout(getKey(json, 'functionTimeout')),
    logLevels: readLogLevels(getObject(getObject(json, 'logging'), 'logLevel')),
    fileWatchingEnabled: readFileWatchingEnabled(getKey(json, 'fileWatchingEnabled')),
    httpLimits: readHttpLimits(getObject(getObject(json, 'extensions'), 'http')),
    ...readRetry(getKey(json, 'retry')),
    ...readFunctions(getKey(json, 'functions')),
    extensions: getObject(json, 'extensions') ?? {},
    ...readSingleton(getObject(json, 'singleton')),
  };
}

function readSingleton(value: Readonly<Record<string, unknown>> | undefined): {
  singleton?: Readonly<Record<string, unknown>>;
} {
  return value ? { singleton: value } : {};
}

function readHttpLimits(http: Parameters<typeof getObject>[0]): Partial<HttpLimits> {
  const limits: { -readonly [K in keyof HttpLimits]?: number } = {};
  const count = (key: string): number | undefined => {
    const value = getKey(http ?? {}, key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      throw new ConfigError(`host.json: extensions.http.${key} must be a whole number of at least 1.`);
    return value;
  };
  const span = (key: string): number | undefined => {
    const value = getKey(http ?? {}, key);
    if (value === undefined || value === null) return undefined;
    const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
    if (ms === undefined)
      throw new ConfigError(`host.json: extensions.http.${key} must be "hh:mm:ss" ("00:00:00" for none).`);
    return ms;
  };
  const maxConnections = count('maxConnections');
  const maxRequestBytesInFlight = count('maxRequestBytesInFlight');
  const headersTimeoutMs = span('headersTimeout');
  const requestTimeoutMs = span('requestTimeout');
  if (maxConnections !== undefined) limits.maxConnections = maxConnections;
  if (maxRequestBytesInFlight !== undefined) limits.maxRequestBytesInFlight = maxRequestBytesInFlight;
  if (headersTimeoutMs !== undefined) limits.headersTimeoutMs = headersTimeoutMs;
  if (requestTimeoutMs !== undefined) limits.requestTimeoutMs = requestTimeoutMs;
  return limits;
}

function readFunctions(value: unknown): { functions?: readonly string[] } {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string'))
    throw new ConfigError('host.json: "functions" must be an array of function names.');
  return value.length > 0 ? { functions: value } : {};
}

function readRetry(value: unknown): { retry?: RpcRetryOptions } {
  if (value === undefined || value === null) return {};
  try {
    return { retry: parseRetryOptions(value) };
  } catch (error) {
    throw new ConfigError(`host.json: ${(error as Error).message}.`);
  }
}

function readFileWatchingEnabled(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'boolean')
    throw new ConfigError(
      `host.json: fileWatchingEnabled must be true or false, got ${JSON.stringify(value)}.`,
    );
  return value;
}

function readRoutePrefix(json: Parameters<typeof getObject>[0]): string {
  const prefix = getKey(getObject(getObject(json, 'extensions'), 'http'), 'routePrefix');
  if (prefix === undefined || prefix === null) return 'api';
  if (typeof prefix !== 'string')
    throw new ConfigError('host.json: extensions.http.routePrefix must be a string.');
  return prefix.replace(/^\/+|\/+$/g, '');
}

function readFunctionTimeout(value: unknown): number | undefined {
  if (value === undefined || value === null) return DEFAULT_FUNCTION_TIMEOUT_MS;
  if (value === '-1' || value === -1) return undefined;
  const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
  if (ms === undefined || ms < 1000) {
    throw new ConfigError(
      `host.json: functionTimeout must be "hh:mm:ss" of at least 1 second or "-1", got ${JSON.stringify(value)}.`,
    );
  }
  return ms;
}

function readLogLevels(levels: Parameters<typeof getObject>[0]): Record<string, LogLevel> {
  const result: Record<string, LogLevel> = {};
  for (const [category, value] of Object.entries(levels ?? {})) {
    const level = typeof value === 'string' ? parseLogLevel(value) : undefined;
    if (!level)
      throw new ConfigError(
        `host.json: logging.logLevel.${category} is not a log level: ${JSON.stringify(value)}.`,
      );
    result[category === 'Default' ? 'default' : category] = level;
  }
  return result;
}
