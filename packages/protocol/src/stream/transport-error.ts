import { GrpcStatus, grpcStatusName, type CallStatus } from '../transport/grpc-status.js';

/**
 * A stream that ended with a non-OK gRPC status or a socket failure; `cause` is what the transport reported
 * (the grpc-js error on the worker's side).
 */
export class RpcTransportError extends Error {
  override readonly name = 'RpcTransportError';
  /** The gRPC status code, such as 14 (UNAVAILABLE). */
  readonly code: number;
  /** The status details sent by the peer, or the local reason. */
  readonly details: string;

  constructor(code: number, details: string, options?: { cause?: unknown }) {
    super(`gRPC stream failed: ${grpcStatusName(code) ?? code} (${code}): ${details}`, options);
    this.code = code;
    this.details = details;
  }

  /** Wraps whatever a call emitted as 'error' or a non-OK 'status'. */
  static from(error: unknown): RpcTransportError {
    if (error instanceof RpcTransportError) return error;
    const serviceError = error as Partial<CallStatus>;
    const code = typeof serviceError.code === 'number' ? serviceError.code : GrpcStatus.UNKNOWN;
    const details = serviceError.details ?? (error instanceof Error ? error.message : String(error));
    return new RpcTransportError(code, details, { cause: error });
  }
}
