import { DEFAULT_MAX_MESSAGE_LENGTH } from '../transport/grpc-service.js';

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
  const legacy = ['--host', '127.0.0.1', '--port', String(init.port), '--workerId', init.workerId];
  legacy.push('--requestId', init.requestId, '--grpcMaxMessageLength', limit);
  const functions = [
    '--functions-uri',
    `http://127.0.0.1:${init.port}/`,
    '--functions-worker-id',
    init.workerId,
  ];
  functions.push('--functions-request-id', init.requestId, '--functions-grpc-max-message-length', limit);
  const style = init.style ?? 'both';
  if (style === 'legacy') return legacy;
  if (style === 'functions') return functions;
  return [...legacy, ...functions];
}
