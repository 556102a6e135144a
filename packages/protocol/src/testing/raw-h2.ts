/** A bare node:http2 client for tests that must put on the wire what no gRPC client would. */
import * as http2 from 'node:http2';
import { encodeStreamingMessage } from '../codec/streaming-message-codec.js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { EVENT_STREAM_PATH } from '../transport/grpc-service.js';

/** The request headers a gRPC client sends for EventStream. */
export const GRPC_REQUEST_HEADERS: http2.OutgoingHttpHeaders = {
  ':method': 'POST',
  ':path': EVENT_STREAM_PATH,
  'content-type': 'application/grpc',
  te: 'trailers',
};

/** What came back on one raw request. */
export interface RawResponse {
  readonly headers: http2.IncomingHttpHeaders;
  /** Undefined for a trailers-only answer or one with no trailers at all. */
  readonly trailers: http2.IncomingHttpHeaders | undefined;
  readonly body: Buffer;
}

/** One request on its own connection, and the promise of everything the server answers. */
export interface RawCall {
  readonly stream: http2.ClientHttp2Stream;
  readonly response: Promise<RawResponse>;
  close(): void;
}

/** Opens `headers` (the EventStream request unless told otherwise) on a new connection to `port`. */
export function rawCall(port: number, headers: http2.OutgoingHttpHeaders = GRPC_REQUEST_HEADERS): RawCall {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on('error', () => undefined);
  const stream = session.request(headers);
  stream.on('error', () => undefined);
  const response = new Promise<RawResponse>((resolve) => {
    let responseHeaders: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders | undefined;
    const chunks: Buffer[] = [];
    stream.on('response', (received) => (responseHeaders = received));
    stream.on('trailers', (received) => (trailers = received));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server's side is over when its END_STREAM arrives ('end'), or when the stream is reset ('close').
    const done = (): void => resolve({ headers: responseHeaders, trailers, body: Buffer.concat(chunks) });
    stream.on('end', done);
    stream.on('close', done);
  });
  return { stream, response, close: () => session.destroy() };
}

/** `payload` behind a gRPC prefix with the given compressed flag. */
export function framed(payload: Uint8Array, compressedFlag = 0): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = compressedFlag;
  prefix.writeUInt32BE(payload.length, 1);
  return Buffer.concat([prefix, payload]);
}

/** A message encoded and framed, uncompressed. */
export function framedMessage(message: StreamingMessage): Buffer {
  return framed(encodeStreamingMessage(message));
}

/** The grpc-status and grpc-message of a response, from its trailers or its trailers-only headers. */
export function grpcStatusOf(response: RawResponse): { code: number; message: string | undefined } {
  const source = response.trailers ?? response.headers;
  const message = source['grpc-message'];
  return {
    code: Number(source['grpc-status']),
    message: message === undefined ? undefined : String(message),
  };
}
