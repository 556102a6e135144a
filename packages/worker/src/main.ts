#!/usr/bin/env node
/**
 * The worker process: `node dist/bundle/main.js <host arguments>` (this file, bundled by the repository's
 * scripts/bundle.mjs), as a Functions host launches it through worker.config.json. Connects to the host,
 * provides `@azure/functions-core` and serves the protocol until the host ends the stream or sends
 * WorkerTerminate.
 */
import { errorMessage, FunctionRpcClient, RpcLog_Level } from '@functions-rpc/protocol';
import { protectWorkerModules } from './app/load-module.js';
import { parseWorkerArguments, USAGE, UsageError, type WorkerArguments } from './arguments.js';
import { createCoreApi } from './core-api/core-api.js';
import { installCoreModule } from './core-api/install-core-module.js';
import { dispatch } from './dispatcher.js';
import { isSystemError } from './errors.js';
import { createLegacyModel } from './legacy/legacy-model.js';
import { captureConsole } from './logging/console-capture.js';
import { consoleError, consoleLog } from './logging/console-log.js';
import { WorkerContext } from './worker-context.js';

function readArguments(): WorkerArguments {
  try {
    return parseWorkerArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${USAGE}. Invalid arguments: ${error.message}\n`);
    process.exit(1);
  }
}

function start(): void {
  const args = readArguments();
  consoleLog(`Worker ${args.workerId} connecting on ${args.uri}`);
  const stream = FunctionRpcClient.connect(args);
  const worker = new WorkerContext(args, stream, createLegacyModel());
  installCoreModule(createCoreApi(worker));
  protectWorkerModules();
  captureConsole(worker);
  process.on('uncaughtException', (error) => exitOnUncaught(error));
  process.on('exit', (code) => consoleLog(`Worker ${args.workerId} exited with code ${code}`));
  process.on('unhandledRejection', (reason) => reportUnhandledRejection(worker, reason));
  stream.onMessage((message) => dispatch(worker, message));
  void stream.closed.then(({ error }) => {
    if (error) consoleError(`Worker ${args.workerId} lost its stream to the host: ${error.message}`);
    else consoleLog(`Worker ${args.workerId}: the host ended the stream; exiting.`);
    process.exit(error ? 1 : 0);
  });
}

/** Like Node itself, but on stderr with the prefix the host recognises as a worker error. */
function exitOnUncaught(error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : errorMessage(error);
  const origin = isSystemError(error) ? 'Worker uncaught exception' : 'Uncaught exception in user code';
  consoleError(`${origin}: ${detail}`);
  process.exit(1);
}

/** A promise nobody awaited failed: logged, but the invocations in flight are not taken down for it. */
function reportUnhandledRejection(worker: WorkerContext, reason: unknown): void {
  const detail = reason instanceof Error ? (reason.stack ?? reason.message) : errorMessage(reason);
  worker.logger.system(RpcLog_Level.Error, `Unhandled promise rejection: ${detail}`);
}

start();
