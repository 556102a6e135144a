import type { IncomingMessage } from 'node:http';

/** Thrown when a request body grows beyond the limit; the front end answers 413. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

/** Thrown when the bytes of bodies in memory would pass their budget; the front end answers 503. */
export class BodyBudgetError extends Error {
  override readonly name = 'BodyBudgetError';
  constructor() {
    super('The request bodies in memory are at their budget.');
  }
}

/** True when the declared `content-length` already exceeds the limit, so the body need not be read. */
export function declaredTooLarge(request: IncomingMessage, limit: number): boolean {
  const declared = request.headers['content-length'];
  return declared !== undefined && Number(declared) > limit;
}

/** True when the request may carry a body: a non-zero `content-length` or any `transfer-encoding` (chunked). */
export function mayHaveBody(request: IncomingMessage): boolean {
  const declared = request.headers['content-length'];
  if (declared !== undefined) return declared !== '0';
  return request.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads a whole request body, with or without `content-length`, into one Buffer; rejects with
 * BodyTooLargeError as soon as it passes `limit`, with BodyBudgetError when `take` refuses a chunk's bytes,
 * or with the stream's error if the client goes away. A declared length is read straight into a buffer of
 * that size, so a big body is held once, not once in pieces and again joined.
 */
export function readBody(
  request: IncomingMessage,
  limit: number,
  take: (bytes: number) => boolean = () => true,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  const whole =
    Number.isSafeInteger(declared) && declared <= limit ? Buffer.allocUnsafe(declared) : undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      const refusal =
        size + chunk.length > limit
          ? new BodyTooLargeError(limit)
          : take(chunk.length)
            ? undefined
            : new BodyBudgetError();
      if (refusal) {
        cleanup();
        request.pause();
        reject(refusal);
        return;
      }
      if (whole) chunk.copy(whole, size);
      else chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = (): void => {
      cleanup();
      if (whole) resolve(whole.subarray(0, size));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      if (request.complete) return;
      cleanup();
      reject(new Error('The client closed the connection before sending the whole body.'));
    };
    const cleanup = (): void => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
