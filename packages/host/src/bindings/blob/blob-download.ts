import type { BlobClient, BlobDownloadResponseParsed } from '@azure/storage-blob';

/**
 * What an invocation request needs besides one blob's bytes (ids, trigger metadata, trace context), kept free
 * of the message limit when deciding whether a blob fits.
 */
const MESSAGE_RESERVE_BYTES = 64 * 1024;

/** The version of a blob to read, as a listing or a property read gave it. */
export interface BlobVersion {
  readonly contentLength?: number | undefined;
  /** Read with If-Match on it, so that a blob written meanwhile fails with 412 rather than mixing versions. */
  readonly etag?: string | undefined;
}

/** A blob that cannot be sent to the worker in one message; no retry can change that. */
export class BlobTooLargeError extends Error {}

/**
 * One blob version, bytes and properties, in a single read (If-Match on its ETag when one is given): the
 * response headers carry the properties, so no separate property read is needed, and one read cannot mix two
 * versions. The bytes go into one Buffer of the length.
 *
 * @throws BlobTooLargeError before reading its bytes when the version cannot fit in a message to the worker; the storage
 *   error (412 when the version changed, 404 when it went away) when the read fails.
 */
export async function downloadVersion(
  blob: BlobClient,
  version: BlobVersion,
  maxMessageLength: number,
): Promise<{ properties: BlobDownloadResponseParsed; content: Buffer }> {
  checkFits(blob, version.contentLength ?? 0, maxMessageLength);
  const properties = await blob.download(0, undefined, {
    conditions: version.etag ? { ifMatch: version.etag } : {},
  });
  const body = properties.readableStreamBody;
  const length = properties.contentLength ?? 0;
  try {
    checkFits(blob, length, maxMessageLength);
  } catch (error) {
    // Too large once its headers tell the length (no listing gave it, or the blob grew): the body is not wanted.
    (body as { destroy?: () => void } | undefined)?.destroy?.();
    throw error;
  }
  const content = Buffer.allocUnsafe(length);
  let at = 0;
  for await (const chunk of (body ?? []) as AsyncIterable<Buffer>) {
    if (at + chunk.length > length)
      throw new Error(`Blob '${blob.containerName}/${blob.name}' is longer than its Content-Length.`);
    chunk.copy(content, at);
    at += chunk.length;
  }
  if (at !== length)
    throw new Error(`Blob '${blob.containerName}/${blob.name}' ended after ${at} of ${length} bytes.`);
  return { properties, content };
}

/** @throws BlobTooLargeError when `length` bytes cannot fit in one message to the worker. */
function checkFits(blob: BlobClient, length: number, maxMessageLength: number): void {
  const limit = maxMessageLength - MESSAGE_RESERVE_BYTES;
  if (length > limit)
    throw new BlobTooLargeError(
      `Blob '${blob.containerName}/${blob.name}' is ${length} bytes, more than the ${limit} bytes a message to the worker can carry (the gRPC max message length of ${maxMessageLength} less ${MESSAGE_RESERVE_BYTES} for the rest of the request).`,
    );
}
