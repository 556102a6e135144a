import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { HostLogger } from '../log/host-logger.js';

/**
 * The lifecycle lines tools wait for, worded as Core Tools prints them: the VS Code Azure Functions
 * extension's `func-watch` problem matchers end a start on "Worker process started and initialized" or
 * "Host lock lease acquired by instance ID", and begin again on "Job host stopped"; test suites wait for them too.
 */
export const WORKER_INITIALIZED = 'Worker process started and initialized.';
export const JOB_HOST_STARTED = 'Job host started';
export const JOB_HOST_STOPPED = 'Job host stopped';

const CATEGORY = 'Host.Startup';

/**
 * This machine's instance id as the reference host shows it locally: 32 characters, zero-padded, the last
 * eight a hash of the machine name (here its first eight hex digits of SHA-256, upper case).
 */
export function localInstanceId(): string {
  const hash = createHash('sha256').update(hostname()).digest('hex').slice(0, 8).toUpperCase();
  return hash.padStart(32, '0');
}

/**
 * Logs that a run of the app is up and serving: "Job host started", "Host started (<ms>ms)", then the two lines
 * the tools wait for, which reach the console whatever the log levels, as with Core Tools.
 */
export function logHostStarted(logger: HostLogger, elapsedMs: number): void {
  logger.log('Information', CATEGORY, JOB_HOST_STARTED);
  logger.log('Information', CATEGORY, `Host started (${Math.round(elapsedMs)}ms)`);
  logger.logAlways('Information', CATEGORY, WORKER_INITIALIZED);
  logger.logAlways(
    'Information',
    CATEGORY,
    `Host lock lease acquired by instance ID '${localInstanceId()}'.`,
  );
}

/** Logs that a run of the app has stopped (before a restart or at shutdown). */
export function logHostStopped(logger: HostLogger): void {
  logger.log('Information', CATEGORY, JOB_HOST_STOPPED);
}
