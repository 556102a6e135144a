import { format } from 'node:util';
import type { CoreLogLevel } from '../core-api/types.js';
import { invocationStorage } from '../invocation/invocation-storage.js';
import type { WorkerContext } from '../worker-context.js';
import { emitCoreLog } from './core-log.js';

const levels: Readonly<Record<'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', CoreLogLevel>> = {
  log: 'information',
  info: 'information',
  warn: 'warning',
  error: 'error',
  debug: 'debug',
  trace: 'trace',
};

/**
 * Routes `console.*` output written during an invocation to the host as user logs of that invocation
 * (found through AsyncLocalStorage), so it arrives before the invocation's response. Output outside
 * any invocation keeps going to stdout/stderr, where the host reads it as console logs.
 */
export function captureConsole(worker: WorkerContext): void {
  for (const [method, level] of Object.entries(levels)) {
    const name = method as keyof typeof levels;
    const original = console[name].bind(console);
    console[name] = (...args: unknown[]): void => {
      const invocation = invocationStorage.getStore();
      if (!invocation || invocation.isAnswered) {
        original(...args);
        return;
      }
      emitCoreLog(worker, level, 'user', format(...args), invocation);
    };
  }
}
