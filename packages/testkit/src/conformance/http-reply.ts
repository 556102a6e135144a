import type { InvocationResponse, RpcHttpCookie, TypedData } from '@functions-rpc/protocol';
import type { IndexedKitFunction } from './worker-session.js';

/** An HTTP response as a host would write it from an InvocationResponse (BEHAVIOR 6.4). */
export interface HttpReply {
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: readonly RpcHttpCookie[];
  readonly body: Buffer;
}

/**
 * Reads the HTTP response of a function's `http` output binding (`$return` or a named one) out of an
 * InvocationResponse, or undefined when there is none.
 */
export function httpReplyOf(fn: IndexedKitFunction, response: InvocationResponse): HttpReply | undefined {
  const output = fn.parsedBindings.find((binding) => binding.type === 'http' && binding.direction === 'out');
  const name = output?.name ?? '$return';
  const data =
    name === '$return'
      ? response.returnValue
      : response.outputData.find((binding) => binding.name === name)?.rpcData.value;
  return replyOf(data as TypedData | undefined);
}

function replyOf(data: TypedData | undefined): HttpReply | undefined {
  const member = data?.data;
  if (!member?.case) return undefined;
  if (member.case !== 'http') return { status: 200, headers: {}, cookies: [], body: bytesOf(data) };
  const http = member.value;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(http.headers)) headers[key.toLowerCase()] = value;
  for (const [key, value] of Object.entries(http.nullableHeaders))
    if (value.string.case === 'value') headers[key.toLowerCase()] = value.string.value;
  const status = Number.parseInt(http.statusCode, 10);
  return {
    status: Number.isNaN(status) ? 200 : status,
    headers,
    cookies: http.cookies,
    body: bytesOf(http.body),
  };
}

/** A body's bytes, whatever member carries it. */
export function bytesOf(data: TypedData | undefined): Buffer {
  const member = data?.data;
  switch (member?.case) {
    case 'bytes':
    case 'stream':
      return Buffer.from(member.value);
    case 'string':
    case 'json':
      return Buffer.from(member.value, 'utf8');
    case 'int':
    case 'double':
      return Buffer.from(String(member.value));
    default:
      return Buffer.alloc(0);
  }
}
