#!/usr/bin/env node
import { parseCli, USAGE, type StartCommand } from './cli-args.js';

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
  let host;
  try {
    host = await startHost({
      appDir: command.appDir,
      port: command.port,
      ...(command.workers !== undefined ? { workers: command.workers } : {}),
      workerDirs: command.workerDirs,
      verbose: command.verbose,
      onLog: (record) => {
        const stream =
          record.level === 'Error' || record.level === 'Critical' ? process.stderr : process.stdout;
        output.line(stream, formatLogRecord(record));
      },
    });
  } catch (error) {
    output.flush();
    process.stderr.write(`fnrpc: ${(error as Error).message.split('\n')[0]}\n`);
    return 1;
  }
  output.flush();
  if (!signalled) process.stdout.write(`${formatStartup(host, performance.now() - began)}\n`);
  await stopRequested;
  await host.stop();
  return 0;
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
