import { availableParallelism } from 'node:os';
import { parseTimeSpan } from '@functions-rpc/protocol';

/** host.json `extensions.blobs` as the blob trigger uses it. */
export interface BlobOptions {
  /** Tries of a blob before its message goes to `webjobs-blobtrigger-poison`. */
  readonly poisonBlobThreshold: number;
  /** Blob versions a function's trigger runs at once. */
  readonly maxDegreeOfParallelism: number;
  /** The wait between two scans of a container: 2 s as the reference host on development storage. */
  readonly scanIntervalMs: number;
}

/** The dev-storage scan cadence of the reference host (BINDINGS.md 4.3). */
const SCAN_INTERVAL_MS = 2000;

/**
 * Reads host.json `extensions.blobs` (BINDINGS.md 4.5), keys compared case-insensitively:
 * `poisonBlobThreshold` (default 5), `maxDegreeOfParallelism` (default 8 per processor, as the reference
 * host) and our `fnrpcScanInterval` (a time span, default 2 s).
 *
 * @throws Error naming the setting when a value is out of its range.
 */
export function readBlobOptions(extensions: Readonly<Record<string, unknown>>): BlobOptions {
  const blobs = Object.entries(extensions).find(([key]) => key.toLowerCase() === 'blobs')?.[1];
  const section = (typeof blobs === 'object' && blobs !== null ? blobs : {}) as Record<string, unknown>;
  const key = (name: string): unknown =>
    Object.entries(section).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return {
    poisonBlobThreshold: wholeNumber(key('poisonBlobThreshold'), 'poisonBlobThreshold', 5),
    maxDegreeOfParallelism: wholeNumber(
      key('maxDegreeOfParallelism'),
      'maxDegreeOfParallelism',
      8 * availableParallelism(),
    ),
    scanIntervalMs: scanInterval(key('fnrpcScanInterval')),
  };
}

function wholeNumber(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined || raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`extensions.blobs.${name} must be a whole number of at least 1, not '${String(raw)}'.`);
  return value;
}

function scanInterval(raw: unknown): number {
  if (raw === undefined || raw === null) return SCAN_INTERVAL_MS;
  const ms = typeof raw === 'string' ? parseTimeSpan(raw) : undefined;
  if (ms === undefined || ms < 100)
    throw new Error(
      `extensions.blobs.fnrpcScanInterval must be a time span "hh:mm:ss" of at least 100 ms, not '${String(raw)}'.`,
    );
  return ms;
}
