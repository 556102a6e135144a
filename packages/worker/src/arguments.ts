import { WorkerFlag } from '@functions-rpc/protocol';

const { functions: F, legacy: L } = WorkerFlag;

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
  `usage: main.js --${F.uri} <uri> --${F.workerId} <id> --${F.requestId} <id> ` +
  `--${F.maxMessageLength} <bytes> (or --${L.host} <host> --${L.port} <port> --${L.workerId} <id> ` +
  `--${L.requestId} <id> --${L.maxMessageLength} <bytes>)`;

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
  const workerId = flags.get(F.workerId) ?? flags.get(L.workerId);
  const requestId = flags.get(F.requestId) ?? flags.get(L.requestId);
  if (!workerId) problems.push(`--${F.workerId} (or --${L.workerId}) is missing`);
  if (!requestId) problems.push(`--${F.requestId} (or --${L.requestId}) is missing`);
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
  const uri = flags.get(F.uri);
  if (uri !== undefined) {
    if (isHostUri(uri)) return uri;
    problems.push(`--${F.uri} '${uri}' is not an http URI with a port`);
    return undefined;
  }
  const host = flags.get(L.host);
  const port = flags.get(L.port);
  if (!host) problems.push(`--${F.uri} (or --${L.host}) is missing`);
  if (port === undefined) problems.push(`--${F.uri} (or --${L.port}) is missing`);
  else if (!isPort(port)) problems.push(`--${L.port} '${port}' is not a port number`);
  if (!host || port === undefined || !isPort(port)) return undefined;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${bracketed}:${port}/`;
}

function readMaxLength(flags: Map<string, string>, problems: string[]): number {
  const text = flags.get(F.maxMessageLength) ?? flags.get(L.maxMessageLength);
  if (text === undefined) {
    problems.push(`--${F.maxMessageLength} (or --${L.maxMessageLength}) is missing`);
    return 0;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    problems.push(`--${F.maxMessageLength} '${text}' is not a positive integer`);
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
