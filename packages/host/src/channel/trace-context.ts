import { randomFillSync } from 'node:crypto';

/** Random bytes of one traceparent: a 16-byte trace id and an 8-byte parent id. */
const BYTES_PER_TRACE = 24;
/** Traces drawn from one fill of the pool: one random fill per many invocations instead of two each. */
const TRACES_PER_FILL = 256;
const pool = Buffer.alloc(BYTES_PER_TRACE * TRACES_PER_FILL);
let next = pool.length;

/** A fresh W3C `traceparent` for one invocation (version 00, sampled). */
export function newTraceParent(): string {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const at = next;
  next += BYTES_PER_TRACE;
  return `00-${pool.toString('hex', at, at + 16)}-${pool.toString('hex', at + 16, at + BYTES_PER_TRACE)}-01`;
}
