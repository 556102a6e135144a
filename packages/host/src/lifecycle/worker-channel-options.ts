import type { FunctionRpcServer } from '@functions-rpc/protocol';
import type { WorkerChannelOptions } from '../channel/worker-channel.js';
import type { AppConfig } from '../config/app-config.js';
import type { HostLogger } from '../log/host-logger.js';
import { HOST_VERSION } from './host-version.js';

/**
 * What each worker channel of a run is given: the same for the first worker, which the host launches before
 * it loads the rest of itself, and for the ones the run's pool launches.
 */
export function workerChannelOptions(
  config: AppConfig,
  context: {
    readonly server: FunctionRpcServer;
    readonly logger: HostLogger;
    readonly cancelGraceMs?: number | undefined;
  },
): WorkerChannelOptions {
  const timeout = config.hostJson.functionTimeoutMs;
  return {
    server: context.server,
    worker: config.worker,
    launch: config.launch,
    appDir: config.appDir,
    logger: context.logger,
    hostVersion: HOST_VERSION,
    loadTimeoutMs: timeout === undefined ? undefined : Math.max(timeout, 60_000),
    cancelGraceMs: context.cancelGraceMs ?? 5000,
  };
}
