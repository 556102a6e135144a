import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { launchFromWorkerConfig, WorkerDriver } from '@functions-rpc/testkit';
import type { RpcFunctionMetadata } from '@functions-rpc/protocol';
import type {
  HttpDispatcher,
  HttpFunctionDescriptor,
  HttpInvocationOutcome,
  HttpInvocationSlot,
} from '../http-dispatcher.js';

/** packages/worker, holding the worker.config.json of our Node worker. */
const WORKER_DIR = fileURLToPath(new URL('../../../../../worker/', import.meta.url));

/** A test app under packages/host/test/http. */
export function httpTestApp(name: string): string {
  return fileURLToPath(new URL(`../../../../test/http/${name}`, import.meta.url));
}

interface RawBinding {
  readonly type?: string;
  readonly direction?: string;
  readonly name?: string;
  readonly route?: string;
  readonly methods?: string[];
  readonly authLevel?: string;
}

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
      appDir: httpTestApp(app),
      workerDir: WORKER_DIR,
      startTimeoutMs: 15_000,
      requestTimeoutMs: 15_000,
    });
    try {
      const init = await driver.init();
      const metadata = await driver.metadata();
      const loaded = metadata.functionMetadataResults;
      await driver.load(loaded.map((fn) => ({ functionId: fn.functionId, metadata: fn })));
      return new WorkerHttpDispatcher(driver, loaded.map(descriptor), init.capabilities);
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

function descriptor(fn: RpcFunctionMetadata): HttpFunctionDescriptor {
  const bindings = fn.rawBindings.map((raw) => JSON.parse(raw) as RawBinding);
  const trigger = bindings.find((binding) => binding.type?.toLowerCase() === 'httptrigger');
  const output = bindings.find((binding) => binding.type === 'http' && binding.direction === 'out');
  return {
    name: fn.name,
    functionId: fn.functionId,
    route: trigger?.route,
    methods: trigger?.methods,
    authLevel: (trigger?.authLevel ?? 'function') as HttpFunctionDescriptor['authLevel'],
    triggerBindingName: trigger?.name ?? 'req',
    httpOutputBindingName: output?.name,
  };
}
