import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { launchFromWorkerConfig, WorkerDriver } from '@functions-rpc/testkit';
import { isHttpTrigger } from '../../functions/function-info.js';
import { httpDescriptor } from '../../functions/http-descriptor.js';
import { fromWorkerMetadata } from '../../functions/worker-indexing.js';
import { testApp } from '../../testing/fixtures.js';
import type {
  HttpDispatcher,
  HttpFunctionDescriptor,
  HttpInvocationOutcome,
  HttpInvocationSlot,
} from '../http-dispatcher.js';

/** packages/worker, holding the worker.config.json of our Node worker. */
const WORKER_DIR = fileURLToPath(new URL('../../../../../worker/', import.meta.url));

/**
 * A minimal HttpDispatcher for tests: one real worker process driven through WorkerDriver, every invocation
 * sent to it. Counts begun and cancelled invocations so tests can check the front end's bookkeeping.
 */
export class WorkerHttpDispatcher implements HttpDispatcher {
  readonly cancelled: string[] = [];
  readonly #pending = new Set<Promise<unknown>>();
  #begun = 0;

  private constructor(
    readonly driver: WorkerDriver,
    readonly functions: HttpFunctionDescriptor[],
    private readonly capabilities: Readonly<Record<string, string>>,
  ) {}

  /** Starts our worker on a test app, indexes and loads its functions. */
  static async start(app: string): Promise<WorkerHttpDispatcher> {
    const driver = await WorkerDriver.start({
      launch: launchFromWorkerConfig(WORKER_DIR),
      appDir: testApp(app),
      workerDir: WORKER_DIR,
      startTimeoutMs: 15_000,
      requestTimeoutMs: 15_000,
    });
    try {
      const init = await driver.init();
      const metadata = await driver.metadata();
      const loaded = metadata.functionMetadataResults;
      await driver.load(loaded.map((fn) => ({ functionId: fn.functionId, metadata: fn })));
      // Indexed as the host indexes a worker's metadata, so the front end sees what it sees in a host.
      const { functions } = fromWorkerMetadata(loaded, 'node');
      const descriptors = functions.filter(isHttpTrigger).map(httpDescriptor);
      return new WorkerHttpDispatcher(driver, descriptors, init.capabilities);
    } catch (error) {
      await driver.dispose();
      throw error;
    }
  }

  /** How many invocations were begun. */
  get begun(): number {
    return this.#begun;
  }

  async begin(fn: HttpFunctionDescriptor): Promise<HttpInvocationSlot> {
    this.#begun++;
    const invocationId = randomUUID();
    const { driver, cancelled } = this;
    const pending = this.#pending;
    return {
      invocationId,
      capabilities: this.capabilities,
      invoke(inputData, triggerMetadata): Promise<HttpInvocationOutcome> {
        const outcome = driver
          .invoke({ invocationId, functionId: fn.functionId, inputData, triggerMetadata })
          .then(
            ({ response }): HttpInvocationOutcome => ({ ok: true, response }),
            (error: unknown): HttpInvocationOutcome => ({
              ok: false,
              reason: 'worker-lost',
              message: String(error),
              errorId: randomUUID(),
            }),
          );
        pending.add(outcome);
        void outcome.then(() => pending.delete(outcome));
        return outcome;
      },
      cancel(reason) {
        cancelled.push(reason);
        driver.stream.send('invocationCancel', { invocationId });
      },
    };
  }

  /** Lets running invocations finish (a killed worker would leave them waiting for their timeout), then stops. */
  async dispose(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    await this.driver.dispose();
  }
}
