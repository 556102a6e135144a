import { randomFillSync } from 'node:crypto';

/** Random bytes of one traceparent: a 16-byte trace id and an 8-byte parent id. */
const BYTES_PER_TRACE = 24;
/** Traces drawn from one fill of the pool: one random fill per many invocations instead of two each. */
const TRACES_PER_FILL = 256;
const pool = Buffer.alloc(BYTES_PER_TRACE * TRACES_PER_FILL);
let next = pool.length;

/** The trace context an invocation is sent with (RpcTraceContext's trace_parent and trace_state). */
export interface InvocationTrace {
  readonly traceParent: string;
  readonly traceState: string;
}

/** A W3C traceparent: version, 32-hex trace id, 16-hex parent id, flags, and for later versions more fields. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZEROS = /^0+$/;

/** Draws `bytes` random bytes from the pool as hex. */
function randomHex(bytes: number): string {
  if (next + bytes > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const at = next;
  next += bytes;
  return pool.toString('hex', at, at + bytes);
}

/** A fresh W3C `traceparent` for one invocation (version 00, sampled). */
export function newTraceParent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/**
 * The trace an invocation continues from an incoming request's W3C `traceparent` and `tracestate`, as the
 * reference host's request activity does: the caller's trace id and flags, a span id of its own, the caller's
 * tracestate. Undefined when the request has no valid traceparent (its tracestate is then ignored too).
 */
export function continueTrace(
  traceparent: string | string[] | undefined,
  tracestate: string | string[] | undefined,
): InvocationTrace | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ZEROS.test(traceId!) || ZEROS.test(parentId!)) return undefined;
  const state = Array.isArray(tracestate) ? tracestate.join(',') : (tracestate ?? '');
  return { traceParent: `00-${traceId}-${randomHex(8)}-${flags}`, traceState: state.trim() };
}
