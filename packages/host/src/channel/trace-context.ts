import { randomBytes } from 'node:crypto';

/** A fresh W3C `traceparent` for one invocation (version 00, sampled). */
export function newTraceParent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}
