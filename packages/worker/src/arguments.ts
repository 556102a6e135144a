/** Where and as whom the worker connects, read from its command line. */
export interface WorkerArguments {
  /** The host's address as `http://host:port/`. */
  readonly uri: string;
  readonly workerId: string;
  readonly requestId: string;
  readonly maxMessageLength: number;
}

/** The one usage line printed when the arguments are wrong. */
export const USAGE =
  'usage: main.js --functions-uri <uri> --functions-worker-id <id> --functions-request-id <id> ' +
  '--functions-grpc-max-message-length <bytes> (or --host <host> --port <port> --workerId <id> ' +
  '--requestId <id> --grpcMaxMessageLength <bytes>)';

/** Thrown when the command line does not name a usable host; the message says what is wrong. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Reads both argument styles a host passes (`--functions-*` and the older `--host/--port/...`),
 * preferring the `--functions-*` value of each item where both are given.
 *
 * @throws UsageError naming every missing or invalid item.
 */
export function parseWorkerArguments(argv: readonly string[]): WorkerArguments {
  const flags = readFlags(argv);
  const problems: string[] = [];
  const uri = readUri(flags, problems);
  const workerId = flags.get('functions-worker-id') ?? flags.get('workerId');
  const requestId = flags.get('functions-request-id') ?? flags.get('requestId');
  if (!workerId) problems.push('--functions-worker-id (or --workerId) is missing');
  if (!requestId) problems.push('--functions-request-id (or --requestId) is missing');
  const maxMessageLength = readMaxLength(flags, problems);
  if (problems.length > 0 || !uri || !workerId || !requestId) throw new UsageError(problems.join('; '));
  return { uri, workerId, requestId, maxMessageLength };
}

/** `--name value` and `--name=value` pairs; a flag without a value maps to ''. */
function readFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('--')) continue;
    const equals = arg.indexOf('=');
    if (equals > 0) {
      flags.set(arg.slice(2, equals), arg.slice(equals + 1));
      continue;
    }
    const next = argv[index + 1];
    const hasValue = next !== undefined && !next.startsWith('--');
    flags.set(arg.slice(2), hasValue ? next : '');
    if (hasValue) index++;
  }
  return flags;
}

function readUri(flags: Map<string, string>, problems: string[]): string | undefined {
  const uri = flags.get('functions-uri');
  if (uri !== undefined) {
    if (isHostUri(uri)) return uri;
    problems.push(`--functions-uri '${uri}' is not an http URI with a port`);
    return undefined;
  }
  const host = flags.get('host');
  const port = flags.get('port');
  if (!host) problems.push('--functions-uri (or --host) is missing');
  if (port === undefined) problems.push('--functions-uri (or --port) is missing');
  else if (!isPort(port)) problems.push(`--port '${port}' is not a port number`);
  if (!host || port === undefined || !isPort(port)) return undefined;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${bracketed}:${port}/`;
}

function readMaxLength(flags: Map<string, string>, problems: string[]): number {
  const text = flags.get('functions-grpc-max-message-length') ?? flags.get('grpcMaxMessageLength');
  if (text === undefined) {
    problems.push('--functions-grpc-max-message-length (or --grpcMaxMessageLength) is missing');
    return 0;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    problems.push(`--functions-grpc-max-message-length '${text}' is not a positive integer`);
  }
  return value;
}

function isHostUri(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.port !== '';
  } catch {
    return false;
  }
}

function isPort(text: string): boolean {
  const port = Number(text);
  return /^\d+$/.test(text) && port > 0 && port < 65536;
}
