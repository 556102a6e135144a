import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActiveInvocation } from './active-invocation.js';

/**
 * The invocation the current code runs for. `console.*` calls use it to attribute their output to the
 * right invocation even with many in flight.
 */
export const invocationStorage = new AsyncLocalStorage<ActiveInvocation>();
