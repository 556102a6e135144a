/**
 * The gRPC status codes, as numbered by the gRPC specification (the same numbers as grpc-js's `status`).
 * Defined here so that code on the host's side can name them without loading grpc-js.
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** One of the {@link GrpcStatus} numbers. */
export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

const NAMES: readonly string[] = Object.keys(GrpcStatus);

/** `UNAVAILABLE` for 14; undefined for a number that is no gRPC status. */
export function grpcStatusName(code: number): string | undefined {
  return NAMES[code];
}

/** A status a call ended with: its code and the details that go with it. */
export interface CallStatus {
  readonly code: number;
  readonly details: string;
}
