import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ScheduleStatus } from './timer-info.js';

/** What is persisted per timer: the schedule it was computed for, and its status. */
export interface PersistedStatus {
  /** The resolved schedule expression; a different schedule on restart means the stored status no longer applies. */
  readonly schedule: string;
  readonly status: ScheduleStatus;
}

/** Where a timer's status is kept: a file in the app folder, or a blob in shared storage. */
export interface ScheduleStatusStore {
  /** For messages: the file path or blob name. */
  readonly location: string;
  /** The stored status, undefined when there is none; throws when it cannot be read. */
  read(): Promise<PersistedStatus | undefined>;
  write(status: PersistedStatus): Promise<void>;
}

/**
 * The folder, inside the function app, where timer statuses are kept: `<appDir>/.fnrpc/timers`. The reference keeps
 * them in a storage account (or a local folder); an app folder needs no account and survives host restarts.
 */
export function timerStatusDirectory(appDirectory: string): string {
  return join(appDirectory, '.fnrpc', 'timers');
}

/**
 * One timer's status file, `<directory>/<function>.json`:
 * `{"Schedule":"0 *\/5 * * * *","Last":null,"Next":"2026-01-01T00:05:00.000Z","LastUpdated":"…"}` (UTC ISO dates).
 * Written atomically (temporary file, then rename) so a crash never leaves half a file.
 */
export class ScheduleStatusFile implements ScheduleStatusStore {
  /** The status file's path. */
  readonly path: string;

  constructor(directory: string, functionName: string) {
    // encodeURIComponent keeps the name inside the folder (no separators) and distinct names distinct.
    this.path = join(directory, `${encodeURIComponent(functionName)}.json`);
  }

  get location(): string {
    return this.path;
  }

  /** The stored status, undefined when there is none; throws with the file's path when it is unreadable. */
  async read(): Promise<PersistedStatus | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseStatus(this.path, text);
  }

  /** Stores `status` for `schedule`, creating the folder on demand. */
  async write({ schedule, status }: PersistedStatus): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const json = JSON.stringify({
      Schedule: schedule,
      Last: status.last?.toISOString() ?? null,
      Next: status.next.toISOString(),
      LastUpdated: status.lastUpdated.toISOString(),
    });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${json}\n`);
    await rename(temporary, this.path);
  }
}

/**
 * Reads a status JSON: ours, or the reference host's blob (no `Schedule`: it then counts as the current
 * schedule's, `fallbackSchedule`).
 *
 * @throws Error naming `where` when it is not a status.
 */
export function parseStatus(path: string, text: string, fallbackSchedule?: string): PersistedStatus {
  const value: unknown = JSON.parse(text);
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  // The reference host writes DateTime.MinValue as its first Last.
  const last =
    record.Last === null || String(record.Last).startsWith('0001-01-01') ? null : date(record.Last);
  const next = date(record.Next);
  const lastUpdated = date(record.LastUpdated);
  const schedule = typeof record.Schedule === 'string' ? record.Schedule : fallbackSchedule;
  if (schedule === undefined || last === undefined || !next || !lastUpdated) {
    throw new Error(`Timer status file ${path} is not valid; it will be rewritten.`);
  }
  return { schedule, status: { last, next, lastUpdated } };
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}
