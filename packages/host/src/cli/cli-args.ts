import { parseArgs } from 'node:util';
import { parseCorsOrigins } from '../http/cors.js';
import type { HttpLimits } from '../http/http-limits.js';

/** The usage text of `fnrpc`. */
export const USAGE = `Usage: fnrpc start [appDir] [options]

Runs an Azure Functions app (default: the current folder) on a local host.

Options:
  --port <n>          HTTP port on 127.0.0.1 (default local.settings.json Host.LocalHttpPort,
                      else 7071; 0 picks a free port)
  --workers <n>       worker processes (default FUNCTIONS_WORKER_PROCESS_COUNT, else 1)
  --worker-dir <dir>  a folder holding a worker.config.json (repeatable; also FNRPC_WORKER_DIRS)
  --cors <origins>    comma-separated origins allowed to call across origins (* for any;
                      default local.settings.json Host.CORS)
  --cors-credentials  let those origins send cookies and Authorization
  --language-worker=<args>
                      more arguments for the worker process, e.g. --language-worker=--inspect=9229
                      to attach a debugger (also the app setting languageWorkers__node__arguments)
  --functions <names> run only these functions (comma-separated or repeated; default host.json
                      "functions")
  --enable-auth       require keys for functions' auth levels and the admin API, as
                      func start --enableAuth (default: no key needed, as func start)
  --max-connections <n>
                      open HTTP connections at most (default 2048; host.json extensions.http)
  --headers-timeout <s>
                      seconds a client has to send its request headers (default 10; 0 for none)
  --request-timeout <s>
                      seconds a client has to send its whole request (default 120; 0 for none)
  --max-request-bytes-in-flight <n>
                      request body bytes held in memory at once, over all requests (default 268435456);
                      beyond it 503 with Retry-After
  --no-watch          do not restart the host when the app's files change
  --verbose           print debug logs
  -h, --help          show this help`;

/** A parsed `fnrpc start` command line. */
export interface StartCommand {
  readonly command: 'start';
  readonly appDir: string;
  /** Undefined: local.settings.json Host.LocalHttpPort, else 7071. */
  readonly port?: number;
  /** `--language-worker`, split on whitespace. */
  readonly workerArguments: readonly string[];
  /** `--functions` names; empty: host.json `functions`, else all. */
  readonly functions: readonly string[];
  /** `--cors` origins; undefined: local.settings.json Host.CORS. */
  readonly corsOrigins?: readonly string[];
  /** `--cors-credentials`; false: local.settings.json Host.CORSCredentials decides. */
  readonly corsCredentials: boolean;
  readonly workers?: number;
  readonly workerDirs: readonly string[];
  readonly verbose: boolean;
  /** Restart on changes to the app's files (unless host.json sets fileWatchingEnabled to false). */
  readonly watch: boolean;
  /** `--enable-auth`: require keys, as `func start --enableAuth`. */
  readonly enableAuth: boolean;
  /** The HTTP limits given on the command line; the others come from host.json or the defaults. */
  readonly httpLimits: Partial<HttpLimits>;
}

/** What the command line asks for. */
export type CliCommand = StartCommand | { readonly command: 'help' };

/**
 * Parses the arguments after `fnrpc`.
 *
 * @throws Error with a one-line message for unknown commands, options or bad numbers.
 */
export function parseCli(argv: readonly string[]): CliCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      workers: { type: 'string' },
      'worker-dir': { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      'no-watch': { type: 'boolean' },
      'enable-auth': { type: 'boolean' },
      cors: { type: 'string' },
      functions: { type: 'string', multiple: true },
      'language-worker': { type: 'string' },
      'cors-credentials': { type: 'boolean' },
      'max-connections': { type: 'string' },
      'headers-timeout': { type: 'string' },
      'request-timeout': { type: 'string' },
      'max-request-bytes-in-flight': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [command, appDir = '.', ...rest] = positionals;
  if (command !== 'start') throw new Error(`Unknown command '${command}'; try 'fnrpc start [appDir]'.`);
  if (rest.length > 0) throw new Error(`Unexpected argument '${rest[0]}'.`);
  const workers = values.workers === undefined ? undefined : wholeNumber('--workers', values.workers, 1);
  return {
    command,
    appDir,
    ...(values.port !== undefined ? { port: wholeNumber('--port', values.port, 0, 65535) } : {}),
    ...(values.cors !== undefined ? { corsOrigins: parseCorsOrigins(values.cors) } : {}),
    corsCredentials: values['cors-credentials'] ?? false,
    workerArguments: values['language-worker']?.split(/\s+/).filter(Boolean) ?? [],
    functions: (values.functions ?? [])
      .flatMap((list) => list.split(','))
      .map((name) => name.trim())
      .filter(Boolean),
    ...(workers !== undefined ? { workers } : {}),
    workerDirs: values['worker-dir'] ?? [],
    verbose: values.verbose ?? false,
    watch: !values['no-watch'],
    enableAuth: values['enable-auth'] ?? false,
    httpLimits: cliHttpLimits(values),
  };
}

function cliHttpLimits(values: Readonly<Record<string, unknown>>): Partial<HttpLimits> {
  const limits: { -readonly [K in keyof HttpLimits]?: number } = {};
  const number = (option: string, min: number): number | undefined => {
    const text = values[option];
    return typeof text === 'string' ? wholeNumber(`--${option}`, text, min) : undefined;
  };
  const connections = number('max-connections', 1);
  const headers = number('headers-timeout', 0);
  const request = number('request-timeout', 0);
  const bytes = number('max-request-bytes-in-flight', 1);
  if (connections !== undefined) limits.maxConnections = connections;
  if (headers !== undefined) limits.headersTimeoutMs = headers * 1000;
  if (request !== undefined) limits.requestTimeoutMs = request * 1000;
  if (bytes !== undefined) limits.maxRequestBytesInFlight = bytes;
  return limits;
}

function wholeNumber(option: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(
      `${option} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got '${text}'.`,
    );
  }
  return value;
}
