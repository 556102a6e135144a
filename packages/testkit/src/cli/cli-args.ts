import { parseArgs } from 'node:util';
import type { WorkerArgumentStyle } from '@functions-rpc/protocol';

/** The usage text of `fnrpc-conformance`. */
export const USAGE = `Usage:
  fnrpc-conformance worker [options] <workerDir>
  fnrpc-conformance worker [options] -- <worker command ...>
  fnrpc-conformance host [options] -- <host command ...>

worker: plays the Functions host towards a language worker and checks it, scenario by scenario.
<workerDir> is a folder holding the worker's worker.config.json; or give the command that starts the
worker after --, the kit appends the host's arguments (--host, --port, --functions-uri, ...).

host: plays a language worker towards a host. The kit writes a worker folder (worker.config.json for
the language "fnrpckit") and an app into temporary folders and runs the host command with {workerDir},
{appDir} and {port} (a free HTTP port) replaced, and FUNCTIONS_WORKER_RUNTIME=fnrpckit.

Options:
  --app <dir|name>       the app with the kit's functions: a folder, or node-v4, node-legacy, python-v2
                         (default: the kit's app for the worker's language, node-v4 for a bare command)
  --json <file>          also write the results as JSON
  --only <names>         run only these scenarios (comma-separated or repeated)
  --argument-style <s>   both (default), functions (--functions-*) or legacy (--host/--port/...)
  --language <name>      the worker's language for host indexing (default: worker.config.json, else node)
  --timeout <seconds>    how long the worker (host) may take to connect or answer (default 30)
  --storage <conn>       host: a storage connection string the host can reach, written as the app's
                         AzureWebJobsStorage for the queue scenario (not applicable without it)
  -h, --help             show this help

Exit code: 0 when no scenario failed, 1 when one did, 2 on a usage error.`;

/** A parsed `fnrpc-conformance worker` command line. */
export interface WorkerCommand {
  readonly command: 'worker';
  readonly workerDir?: string;
  readonly workerCommand?: readonly string[];
  readonly app?: string;
  readonly json?: string;
  readonly only: readonly string[];
  readonly argumentStyle: WorkerArgumentStyle;
  readonly language?: string;
  readonly timeoutMs: number;
}

/** A parsed `fnrpc-conformance host` command line. */
export interface HostCommand {
  readonly command: 'host';
  readonly hostCommand: readonly string[];
  readonly json?: string;
  readonly storage?: string;
  readonly only: readonly string[];
  readonly timeoutMs: number;
}

/** What the command line asks for. */
export type ConformanceCommand = WorkerCommand | HostCommand | { readonly command: 'help' };

const STYLES: readonly WorkerArgumentStyle[] = ['both', 'functions', 'legacy'];

/**
 * Parses the arguments after `fnrpc-conformance`.
 *
 * @throws Error with a one-line message for unknown roles, options or bad values.
 */
export function parseConformanceArgs(argv: readonly string[]): ConformanceCommand {
  const split = argv.indexOf('--');
  const own = split < 0 ? [...argv] : argv.slice(0, split);
  const command = split < 0 ? [] : argv.slice(split + 1);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    strict: true,
    options: {
      app: { type: 'string' },
      json: { type: 'string' },
      only: { type: 'string', multiple: true },
      'argument-style': { type: 'string' },
      language: { type: 'string' },
      timeout: { type: 'string' },
      storage: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [role, workerDir, ...rest] = positionals;
  if (role !== 'worker' && role !== 'host')
    throw new Error(`Unknown role '${role}'; the roles are 'worker' and 'host'.`);
  if (rest.length > 0) throw new Error(`Unexpected argument '${rest[0]}'.`);
  const timeout = Number(values.timeout ?? '30');
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new Error(`--timeout must be a positive number of seconds.`);
  const only = (values.only ?? [])
    .flatMap((list) => list.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  if (role === 'host') {
    if (workerDir) throw new Error(`Unexpected argument '${workerDir}'.`);
    if (command.length === 0) throw new Error('Give the host command after --.');
    return {
      command: 'host',
      hostCommand: command,
      ...(values.json !== undefined ? { json: values.json } : {}),
      ...(values.storage !== undefined ? { storage: values.storage } : {}),
      only,
      timeoutMs: timeout * 1000,
    };
  }
  if (values.storage !== undefined) throw new Error('--storage is an option of the host role.');
  if (!workerDir && command.length === 0)
    throw new Error('Give a worker folder, or the worker command after --.');
  if (workerDir && command.length > 0)
    throw new Error('Give either a worker folder or a command after --, not both.');
  const style = values['argument-style'] ?? 'both';
  if (!STYLES.includes(style as WorkerArgumentStyle))
    throw new Error(`--argument-style must be one of ${STYLES.join(', ')}, got '${style}'.`);
  return {
    command: 'worker',
    ...(workerDir ? { workerDir } : { workerCommand: command }),
    ...(values.app !== undefined ? { app: values.app } : {}),
    ...(values.json !== undefined ? { json: values.json } : {}),
    ...(values.language !== undefined ? { language: values.language } : {}),
    only,
    argumentStyle: style as WorkerArgumentStyle,
    timeoutMs: timeout * 1000,
  };
}
