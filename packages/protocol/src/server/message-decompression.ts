import type * as zlib from 'node:zlib';
import { GrpcStatus, type CallStatus } from '../transport/grpc-status.js';

/** The message encodings the server reads, as listed in grpc-accept-encoding. */
export const ACCEPTED_ENCODINGS = 'identity,deflate,gzip';

/** A message that could not be decompressed, with the status that says why. */
export class DecompressionError extends Error {
  override readonly name = 'DecompressionError';
  constructor(readonly status: CallStatus) {
    super(status.details);
  }
}

/** Loaded the first time a compressed message arrives: no worker compresses by default. */
let zlibModule: Promise<typeof zlib> | undefined;

/**
 * Inflates one message sent with the compressed flag under the stream's grpc-encoding (gzip, or deflate: the
 * zlib format), refusing output beyond `maxLength` as soon as it passes it.
 *
 * @throws DecompressionError with UNIMPLEMENTED for another encoding, RESOURCE_EXHAUSTED past the limit,
 *   INTERNAL for bytes that do not inflate.
 */
export async function decompressMessage(encoding: string, bytes: Buffer, maxLength: number): Promise<Buffer> {
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new DecompressionError({
      code: GrpcStatus.UNIMPLEMENTED,
      details: `Received message compressed with unsupported encoding "${encoding}"`,
    });
  }
  zlibModule ??= import('node:zlib');
  const { gunzip, inflate } = await zlibModule;
  const inflater = encoding === 'gzip' ? gunzip : inflate;
  return new Promise((resolve, reject) =>
    inflater(bytes, { maxOutputLength: Math.max(1, maxLength) }, (error, result) => {
      if (!error) return resolve(result);
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      reject(
        new DecompressionError(
          tooLarge
            ? {
                code: GrpcStatus.RESOURCE_EXHAUSTED,
                details: `Received message that decompresses to a size larger than ${maxLength}`,
              }
            : { code: GrpcStatus.INTERNAL, details: `Failed to decompress message: ${error.message}` },
        ),
      );
    }),
  );
}
