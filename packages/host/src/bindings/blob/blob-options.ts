/** host.json `extensions.blobs` as the blob trigger uses it. */
export interface BlobOptions {
  /** Tries of a blob before its message goes to `webjobs-blobtrigger-poison`. */
  readonly poisonBlobThreshold: number;
}

/**
 * Reads host.json `extensions.blobs` (BINDINGS.md 4.5), keys compared case-insensitively.
 *
 * @throws Error for a threshold that is not a whole number of at least 1.
 */
export function readBlobOptions(extensions: Readonly<Record<string, unknown>>): BlobOptions {
  const blobs = Object.entries(extensions).find(([key]) => key.toLowerCase() === 'blobs')?.[1];
  const section = (typeof blobs === 'object' && blobs !== null ? blobs : {}) as Record<string, unknown>;
  const raw = Object.entries(section).find(([key]) => key.toLowerCase() === 'poisonblobthreshold')?.[1] ?? 5;
  const poisonBlobThreshold = Number(raw);
  if (!Number.isInteger(poisonBlobThreshold) || poisonBlobThreshold < 1)
    throw new Error(
      `extensions.blobs.poisonBlobThreshold must be a whole number of at least 1, not '${String(raw)}'.`,
    );
  return { poisonBlobThreshold };
}
