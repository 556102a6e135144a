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
 * The bytes of one blob version, read straight into a single Buffer of its length: the one full-size copy the
 * host holds, since the worker protocol carries the bytes in one message.
 *
 * @param maxMessageLength The gRPC message limit between host and worker.
 * @throws BlobTooLargeError before reading when the blob cannot fit in a message to the worker; the storage
 *   error (412 when the version changed) when the read fails.
 */
export async function downloadBlob(
  blob: BlobClient,
  version: BlobVersion,
  maxMessageLength: number,
): Promise<Buffer> {
  const length = version.contentLength ?? 0;
  checkFits(blob, length, maxMessageLength);
  // Every byte is written by the download, so the buffer need not be zeroed first.
  const buffer = Buffer.allocUnsafe(length);
  if (length === 0) return buffer;
  await blob.downloadToBuffer(buffer, 0, length, {
    conditions: version.etag ? { ifMatch: version.etag } : {},
  });
  return buffer;
}

/**
 * One blob version, bytes and properties, in a single read (If-Match on its ETag): the response headers carry
 * the properties, so no separate property read is needed. The bytes go into one Buffer of the length.
 *
 * @throws BlobTooLargeError before reading when the version cannot fit in a message to the worker; the storage
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
  const length = properties.contentLength ?? 0;
  checkFits(blob, length, maxMessageLength);
  const content = Buffer.allocUnsafe(length);
  let at = 0;
  for await (const chunk of properties.readableStreamBody as AsyncIterable<Buffer>) {
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
