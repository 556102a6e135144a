import { availableParallelism } from 'node:os';
import { parseTimeSpan } from '@functions-rpc/protocol';
import type { AppSettings } from '../../storage/app-settings.js';

/** How messages are put on and read off a queue. */
export type MessageEncoding = 'base64' | 'none';

/** host.json `extensions.queues`, with the reference defaults applied (BINDINGS.md 2.2). */
export interface QueueOptions {
  readonly batchSize: number;
  readonly newBatchThreshold: number;
  readonly maxPollingIntervalMs: number;
  /** How long a message whose invocation failed stays invisible before its next try. */
  readonly visibilityTimeoutMs: number;
  readonly maxDequeueCount: number;
  readonly messageEncoding: MessageEncoding;
  /**
   * How long a received message stays invisible, renewed at half time while its invocation runs: 10 minutes,
   * fixed in the reference host; our `fnrpcMessageLease` sets it (a host that dies gives its messages back
   * sooner).
   */
  readonly messageLeaseMs: number;
}

/** The invisibility of a received message in the reference host. */
const MESSAGE_LEASE_MS = 10 * 60_000;

/**
 * Reads `extensions.queues` of host.json. `maxPollingInterval` is 2 s in the Development environment
 * unless set.
 *
 * @throws Error naming the setting when a value is out of its range.
 */
export function readQueueOptions(section: unknown, settings: AppSettings): QueueOptions {
  const json = (typeof section === 'object' && section !== null ? section : {}) as Record<string, unknown>;
  const key = (name: string): unknown =>
    Object.entries(json).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const batchSize = integer(key('batchSize'), 'batchSize', 16, 1, 32);
  const processors = settings.get('WEBSITE_SKU') === 'Dynamic' ? 1 : availableParallelism();
  const developmentPolling = settings.development ? 2000 : 60_000;
  return {
    batchSize,
    newBatchThreshold: integer(
      key('newBatchThreshold'),
      'newBatchThreshold',
      Math.floor(batchSize / 2) * processors,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    maxPollingIntervalMs: duration(key('maxPollingInterval'), 'maxPollingInterval', developmentPolling, 100),
    visibilityTimeoutMs: duration(key('visibilityTimeout'), 'visibilityTimeout', 0, 0),
    maxDequeueCount: integer(key('maxDequeueCount'), 'maxDequeueCount', 5, 1, Number.MAX_SAFE_INTEGER),
    messageEncoding: encoding(key('messageEncoding')),
    messageLeaseMs: duration(key('fnrpcMessageLease'), 'fnrpcMessageLease', MESSAGE_LEASE_MS, 2000),
  };
}

function integer(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max)
    throw new Error(
      `host.json: extensions.queues.${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}.`,
    );
  return number;
}

function duration(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined || value === null) return fallback;
  const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
  if (ms === undefined || ms < min)
    throw new Error(
      `host.json: extensions.queues.${name} must be a time span "hh:mm:ss" of at least ${min} ms, got ${JSON.stringify(value)}.`,
    );
  return ms;
}

function encoding(value: unknown): MessageEncoding {
  if (value === undefined || value === null) return 'base64';
  const text = String(value).toLowerCase();
  if (text === 'base64' || text === 'none') return text;
  throw new Error(
    `host.json: extensions.queues.messageEncoding must be "base64" or "none", got ${JSON.stringify(value)}.`,
  );
}
