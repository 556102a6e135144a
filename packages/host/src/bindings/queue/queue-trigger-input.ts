import { toTypedData, type TypedData } from '@functions-rpc/protocol';
import type { FunctionInfo } from '../../functions/function-info.js';
import type { TriggerInput } from '../../functions/trigger-input.js';
import { utf8Text } from './queue-encoding.js';

/** A received message as the trigger needs it. */
export interface ReceivedMessage {
  readonly messageId: string;
  readonly popReceipt: string;
  readonly dequeueCount: number;
  readonly insertedOn?: Date | undefined;
  readonly expiresOn?: Date | undefined;
  readonly nextVisibleOn?: Date | undefined;
  /** The decoded body. */
  readonly body: Buffer;
}

/** .NET's DateTimeOffset.MaxValue, as Newtonsoft writes it: what the reference host sends for an absent date. */
const MAX_DATE = '9999-12-31T23:59:59.9999999+00:00';

/**
 * The input and trigger metadata of a queue-triggered invocation as the reference host sends them
 * (BINDINGS.md 2.6): the body as `string` (JSON-looking text too), or `bytes` for `dataType: binary`;
 * QueueTrigger (omitted when the body is not UTF-8), DequeueCount, the dates, Id, PopReceipt, and the
 * top-level properties of a JSON-object message.
 */
export function queueTriggerInput(fn: FunctionInfo, message: ReceivedMessage): TriggerInput {
  const text = utf8Text(message.body);
  const value =
    fn.trigger.dataType === 'binary' || text === undefined
      ? toTypedData(message.body, 'bytes')
      : toTypedData(text, 'string');
  const metadata: Record<string, TypedData> = {
    ...(text === undefined ? {} : { ...jsonProperties(text), QueueTrigger: toTypedData(text, 'string') }),
    DequeueCount: toTypedData(message.dequeueCount, 'json'),
    ExpirationTime: dateJson(message.expiresOn, MAX_DATE),
    InsertionTime: dateJson(message.insertedOn, newtonsoftDate(new Date())),
    NextVisibleTime: dateJson(message.nextVisibleOn, MAX_DATE),
    Id: toTypedData(message.messageId, 'string'),
    PopReceipt: toTypedData(message.popReceipt, 'string'),
  };
  return {
    inputData: [{ name: fn.trigger.name, rpcData: { case: 'data', value } }],
    triggerMetadata: metadata,
  };
}

/** Newtonsoft's ISO form of a UTC DateTimeOffset: `2024-05-01T10:00:00+00:00`, fractions only when present. */
export function newtonsoftDate(date: Date): string {
  const iso = date.toISOString();
  const fraction = iso.slice(19, 23).replace(/\.?0+$/, '');
  return `${iso.slice(0, 19)}${fraction}+00:00`;
}

function dateJson(date: Date | undefined, fallback: string): TypedData {
  return toTypedData(date ? newtonsoftDate(date) : fallback, 'json');
}

/** The reference host's binding data from a JSON-object message: strings for values, JSON for objects. */
function jsonProperties(text: string): Record<string, TypedData> {
  const trimmed = text.trim();
  if (!/^[{[]/.test(trimmed) || !/[}\]]$/.test(trimmed)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const properties: Record<string, TypedData> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || Array.isArray(value)) continue;
    properties[key] =
      typeof value === 'object' ? toTypedData(value, 'json') : toTypedData(dotnetText(value), 'string');
  }
  return properties;
}

/** A JSON scalar as .NET's `(string)JValue` gives it. */
function dotnetText(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}
