import type { FunctionBinding, TypedData } from '@functions-rpc/protocol';
import type { BindingContext, OutputWriter } from '../binding-extension.js';
import { encodeMessage } from './queue-encoding.js';
import { resolveQueueName } from './queue-names.js';
import { readQueueOptions } from './queue-options.js';
import { queueSection } from './queue-section.js';

/**
 * The writer of a `queue` output binding: each message of the value (BINDINGS.md 3) is sent in the configured
 * encoding, the queue created when it does not exist, and the host's listener of that queue woken.
 *
 * @throws Error for a bad queue name or queue settings.
 */
export function queueOutput(binding: FunctionBinding, context: BindingContext): OutputWriter {
  const queueName = resolveQueueName(binding.settings['queueName'], context.settings);
  const { messageEncoding } = readQueueOptions(queueSection(context.extensions), context.settings);
  const connection = stringSetting(binding.settings['connection']);
  context.storage.resolve(connection);
  return {
    write: async (value) => {
      const messages = queueMessages(value);
      if (messages.length === 0) return;
      const service = await context.storage.queueService(connection);
      const queue = service.getQueueClient(queueName);
      for (const body of messages) {
        const text = encodeMessage(body, messageEncoding);
        try {
          await queue.sendMessage(text);
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 404) throw error;
          await queue.createIfNotExists();
          await queue.sendMessage(text);
        }
      }
      context.queueActivity.written(queue.url);
    },
  };
}

/** A binding setting that is text, else undefined. */
export function stringSetting(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The messages a returned value makes, as the reference host splits them: a JSON array (or a string holding
 * one) gives one message per element; objects are written as indented JSON, other values as their text.
 */
export function queueMessages(value: TypedData): Buffer[] {
  const data = value.data;
  switch (data.case) {
    case undefined:
      return [];
    case 'bytes':
    case 'stream':
      return [Buffer.from(data.value)];
    case 'string':
      return stringMessages(data.value);
    case 'json':
      return jsonMessages(JSON.parse(data.value));
    case 'int':
    case 'double':
      return [Buffer.from(String(data.value))];
    case 'collectionString':
      return data.value.string.map((text) => Buffer.from(text));
    case 'collectionBytes':
      return data.value.bytes.map((bytes) => Buffer.from(bytes));
    case 'collectionSint64':
      return data.value.sint64.map((n) => Buffer.from(String(n)));
    case 'collectionDouble':
      return data.value.double.map((n) => Buffer.from(String(n)));
    default:
      throw new Error(`A queue output cannot take a '${data.case}' value.`);
  }
}

function stringMessages(text: string): Buffer[] {
  const trimmed = text.trim();
  if (/^[{[]/.test(trimmed) && /[}\]]$/.test(trimmed)) {
    try {
      return jsonMessages(JSON.parse(trimmed));
    } catch {
      // Not JSON after all: the text is the message.
    }
  }
  return [Buffer.from(text)];
}

function jsonMessages(value: unknown): Buffer[] {
  if (Array.isArray(value))
    return value.filter((item) => item !== null).map((item) => Buffer.from(tokenText(item)));
  return value === null ? [] : [Buffer.from(tokenText(value))];
}

/** Newtonsoft's `JToken.ToString()`: indented JSON for objects and arrays, bare text for values. */
function tokenText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object' && value !== null) return JSON.stringify(value, null, 2);
  return String(value);
}
