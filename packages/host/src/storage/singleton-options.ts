import { parseTimeSpan } from '@functions-rpc/protocol';
import type { AppSettings } from './app-settings.js';

/** host.json `singleton` as the listener locks use it (BINDINGS.md 8.3). */
export interface SingletonOptions {
  /** Lease length of a listener lock: 60 s, 15 s in Development; 15 to 60 s. */
  readonly listenerLockPeriodMs: number;
  /** How often a host without a listener's lock tries to take it: 1 min; at least 15 s. */
  readonly listenerLockRecoveryPollingIntervalMs: number;
}

/**
 * Reads host.json `singleton`.
 *
 * @throws Error naming the setting when a value is out of its range.
 */
export function readSingletonOptions(
  section: Readonly<Record<string, unknown>> | undefined,
  settings: AppSettings,
): SingletonOptions {
  const key = (name: string): unknown =>
    Object.entries(section ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const { development } = settings;
  return {
    listenerLockPeriodMs: span(
      key('listenerLockPeriod'),
      'listenerLockPeriod',
      development ? 15_000 : 60_000,
      15_000,
      60_000,
    ),
    listenerLockRecoveryPollingIntervalMs: span(
      key('listenerLockRecoveryPollingInterval'),
      'listenerLockRecoveryPollingInterval',
      60_000,
      15_000,
      Number.MAX_SAFE_INTEGER,
    ),
  };
}

function span(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
  if (ms === undefined || ms < min || ms > max)
    throw new Error(
      `host.json: singleton.${name} must be a time span from ${min / 1000} to ${max === Number.MAX_SAFE_INTEGER ? 'any' : max / 1000} s, got ${JSON.stringify(value)}.`,
    );
  return ms;
}
