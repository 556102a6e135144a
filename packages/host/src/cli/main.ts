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
  process.stdout.write(`${formatStartup(host, performance.now() - began)}\n`);
  const running = host;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      output.flush();
      process.stdout.write(`\nReceived ${signal}; stopping the host (again to force).\n`);
      process.once(signal, () => process.exit(130));
      void running.stop().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

// Exit explicitly: a worker or socket that outlived the shutdown must not keep the CLI alive.
process.exit(await main(process.argv.slice(2)));
