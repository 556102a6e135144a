import { DEFAULT_MAX_MESSAGE_LENGTH } from '../transport/grpc-service.js';

/**
 * The flag names (without `--`) a host passes to a worker (BEHAVIOR 3.2): the `--functions-*` style and
 * the older one, which only has a host and a port where the newer has a URI. Spelled here once, for the
 * host that writes them and the worker that reads them.
 */
export const WorkerFlag = {
  functions: {
    uri: 'functions-uri',
    workerId: 'functions-worker-id',
    requestId: 'functions-request-id',
    maxMessageLength: 'functions-grpc-max-message-length',
  },
  legacy: {
    host: 'host',
    port: 'port',
    workerId: 'workerId',
    requestId: 'requestId',
    maxMessageLength: 'grpcMaxMessageLength',
  },
} as const;

/** Which of the two argument styles a host passes to a worker. */
export type WorkerArgumentStyle = 'both' | 'functions' | 'legacy';

/** What a worker needs on its command line to find its host. */
export interface WorkerArgumentsInit {
  /** The gRPC server's port on 127.0.0.1. */
  readonly port: number;
  readonly workerId: string;
  readonly requestId: string;
  readonly maxMessageLength?: number;
  /** `both` (the default) passes the legacy flags first, then the `--functions-*` ones, as the reference host. */
  readonly style?: WorkerArgumentStyle;
}

/** The arguments a Functions host appends after the worker path (BEHAVIOR 3.2), in the reference host's order. */
export function workerArguments(init: WorkerArgumentsInit): string[] {
  const limit = String(init.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH);
  const { functions: f, legacy: l } = WorkerFlag;
  const legacy = flags([
    [l.host, '127.0.0.1'],
    [l.port, String(init.port)],
    [l.workerId, init.workerId],
    [l.requestId, init.requestId],
    [l.maxMessageLength, limit],
  ]);
  const functions = flags([
    [f.uri, `http://127.0.0.1:${init.port}/`],
    [f.workerId, init.workerId],
    [f.requestId, init.requestId],
    [f.maxMessageLength, limit],
  ]);
  const style = init.style ?? 'both';
  if (style === 'legacy') return legacy;
  if (style === 'functions') return functions;
  return [...legacy, ...functions];
}

function flags(pairs: readonly (readonly [string, string])[]): string[] {
  return pairs.flatMap(([name, value]) => [`--${name}`, value]);
}
