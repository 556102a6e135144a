#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import type { RunningHost, StartHostOptions } from '../host.js';
import type { LogSink } from '../log/host-logger.js';
import type { AppWatcher } from './app-watcher.js';
import { parseCli, USAGE, type StartCommand } from './cli-args.js';

/** Old-generation growth allowed before a full collection: RSS after load 127 -> 112 MiB at no measurable cost. */
const HEAP_GROWING_PERCENT = 30;

/** Runs `fnrpc` and returns the exit code, or never returns while the host runs. */
async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCli(argv);
  } catch (error) {
    process.stderr.write(`fnrpc: ${(error as Error).message}\n`);
    return 1;
  }
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return start(command);
}

async function start(command: StartCommand): Promise<number> {
  const began = performance.now();
  // As for our worker (see its worker.config.json): under load V8 would let the old generation grow to
  // several times its live size. Here, not in startHost, which runs inside other programs' processes.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  // Loaded only now, so `--help` and argument errors stay instant.
  const [{ startHost }, { formatLogRecord, formatStartup }, { ConsoleWriter }] = await Promise.all([
    import('../host.js'),
    import('./console-output.js'),
    import('./console-writer.js'),
  ]);
  const output = new ConsoleWriter();
  process.once('exit', () => output.flush());
  // Listening from the start: a signal during startup must still stop the workers already launched, since
  // some (Python's) outlive a vanished host.
  let signalled = false;
  const stopRequested = new Promise<void>((resolve) =>
    onStopSignal((signal) => {
      signalled = true;
      output.flush();
      process.stdout.write(`\nReceived ${signal}; stopping the host (again to force).\n`);
      process.once(signal, () => process.exit(130));
      resolve();
    }),
  );
  let host: RunningHost;
  try {
    host = await startHost(
      hostOptions(command, (record) => {
        const stream =
          record.level === 'Error' || record.level === 'Critical' ? process.stderr : process.stdout;
        output.line(stream, formatLogRecord(record));
      }),
    );
  } catch (error) {
    output.flush();
    process.stderr.write(`fnrpc: ${firstLine(error)}\n`);
    return 1;
  }
  output.flush();
  if (!signalled) process.stdout.write(`${formatStartup(host, performance.now() - began)}\n`);
  const restart = (file: string): void => {
    output.flush();
    process.stdout.write(`\nChange detected in ${file}; restarting the host.\n`);
    const began = performance.now();
    host.restart().then(
      () => {
        output.flush();
        process.stdout.write(`${formatStartup(host, performance.now() - began)}\n`);
      },
      (error: unknown) => {
        output.flush();
        process.stderr.write(`fnrpc: ${firstLine(error)}\nWaiting for the next change.\n`);
      },
    );
  };
  const watcher =
    command.watch && host.fileWatching.enabled && !signalled ? await watch(host, restart) : undefined;
  await stopRequested;
  await watcher?.close();
  await host.stop();
  return 0;
}

/** Restarts the host on changes to the app's files, and says so once the watch is in place. */
async function watch(host: RunningHost, restart: (file: string) => void): Promise<AppWatcher> {
  const { watchApp } = await import('./app-watcher.js');
  const watcher = watchApp(host.appDir, {
    extensions: host.fileWatching.extensions,
    onChange: restart,
    onError: (error) => process.stderr.write(`fnrpc: file watching failed: ${error.message}\n`),
  });
  await watcher.ready;
  const files = [...host.fileWatching.extensions, 'host.json', 'function.json'].join(', ');
  process.stdout.write(`Watching for changes to ${files} files (--no-watch to turn off).\n`);
  return watcher;
}

/** What the command line asks of startHost. */
function hostOptions(command: StartCommand, onLog: LogSink): StartHostOptions {
  return {
    appDir: command.appDir,
    ...(command.port !== undefined ? { port: command.port } : {}),
    ...(command.workers !== undefined ? { workers: command.workers } : {}),
    ...(command.functions.length > 0 ? { functions: command.functions } : {}),
    ...(command.workerArguments.length > 0 ? { workerArguments: command.workerArguments } : {}),
    cors: {
      ...(command.corsOrigins ? { origins: command.corsOrigins } : {}),
      ...(command.corsCredentials ? { credentials: true } : {}),
    },
    workerDirs: command.workerDirs,
    enableAuth: command.enableAuth,
    httpLimits: command.httpLimits,
    verbose: command.verbose,
    onLog,
    // The CLI prints records as they come and never reads them back.
    keepLogs: 0,
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Calls `handler` once, on the first SIGINT or SIGTERM. */
function onStopSignal(handler: (signal: NodeJS.Signals) => void): void {
  const listener = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
    handler(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
}

// Exit explicitly: a worker or socket that outlived the shutdown must not keep the CLI alive.
process.exit(await main(process.argv.slice(2)));
