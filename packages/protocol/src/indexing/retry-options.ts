import { create } from '@bufbuild/protobuf';
import { durationFromMs, durationToMs } from '../duration.js';
import {
  RpcRetryOptions_RetryStrategy,
  RpcRetryOptionsSchema,
  type RpcRetryOptions,
} from '../gen/FunctionRpc_pb.js';
import { isObject, type JsonObject } from '../json/json-object.js';
import { parseTimeSpan } from '../time-span.js';

/**
 * Reads a retry policy as host.json `retry` and function.json `retry` write it (BEHAVIOR 7):
 * `{ "strategy": "fixedDelay" | "exponentialBackoff", "maxRetryCount": n, "delayInterval": "hh:mm:ss" }`,
 * or `"minimumInterval"` and `"maximumInterval"` instead of `"delayInterval"` for exponential backoff.
 * `maxRetryCount` -1 retries for ever. The checks are the reference host's.
 *
 * @throws Error with a one-line reason for a missing or invalid field.
 */
export function parseRetryOptions(json: unknown): RpcRetryOptions {
  if (!isObject(json)) throw new Error('"retry" must be an object');
  const strategy = parseStrategy(json['strategy']);
  const maxRetryCount = json['maxRetryCount'];
  if (typeof maxRetryCount !== 'number' || !Number.isInteger(maxRetryCount) || maxRetryCount < -1)
    throw new Error(
      `retry.maxRetryCount must be a whole number of at least -1, got ${JSON.stringify(maxRetryCount ?? null)}`,
    );
  if (strategy === RpcRetryOptions_RetryStrategy.fixed_delay) {
    return create(RpcRetryOptionsSchema, {
      retryStrategy: strategy,
      maxRetryCount,
      delayInterval: durationFromMs(interval(json, 'delayInterval')),
    });
  }
  const minimum = interval(json, 'minimumInterval');
  const maximum = interval(json, 'maximumInterval');
  if (minimum > maximum)
    throw new Error('retry.minimumInterval must not be greater than retry.maximumInterval');
  return create(RpcRetryOptionsSchema, {
    retryStrategy: strategy,
    maxRetryCount,
    minimumInterval: durationFromMs(minimum),
    maximumInterval: durationFromMs(maximum),
  });
}

/**
 * How long to wait before retry number `retryCount` (1 for the first retry): the delay interval for a fixed
 * delay; for exponential backoff the minimum interval doubled per earlier retry, at most the maximum
 * interval (the reference host adds a random ±20% to the doubling; this is the deterministic middle).
 */
export function retryDelayMs(options: RpcRetryOptions, retryCount: number): number {
  if (options.retryStrategy === RpcRetryOptions_RetryStrategy.fixed_delay)
    return Math.max(0, durationToMs(options.delayInterval));
  const minimum = Math.max(0, durationToMs(options.minimumInterval));
  const maximum = Math.max(minimum, durationToMs(options.maximumInterval));
  return Math.min(maximum, minimum * 2 ** Math.max(0, retryCount - 1));
}

/** Whether a policy allows retry number `retryCount` (1 for the first retry). */
export function allowsRetry(options: RpcRetryOptions, retryCount: number): boolean {
  return options.maxRetryCount === -1 || retryCount <= options.maxRetryCount;
}

function parseStrategy(value: unknown): RpcRetryOptions_RetryStrategy {
  const text = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (text === 'fixeddelay') return RpcRetryOptions_RetryStrategy.fixed_delay;
  if (text === 'exponentialbackoff') return RpcRetryOptions_RetryStrategy.exponential_backoff;
  throw new Error(
    `retry.strategy must be "fixedDelay" or "exponentialBackoff", got ${JSON.stringify(value ?? null)}`,
  );
}

function interval(json: JsonObject, key: string): number {
  const value = json[key];
  const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
  if (ms === undefined)
    throw new Error(`retry.${key} must be a "hh:mm:ss" time span, got ${JSON.stringify(value ?? null)}`);
  return ms;
}
