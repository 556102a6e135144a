import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  httpInvocationRequest,
  launchFromWorkerConfig,
  WorkerDriver,
  type HttpRequestInit,
  type InvocationOutcome,
  type WorkerArgumentStyle,
} from '@functions-rpc/testkit';
import type { InvocationResponse, RpcFunctionMetadata, RpcHttp, TypedData } from '@functions-rpc/protocol';

/** packages/worker, found from this compiled file (dist/src/testing). */
export const WORKER_DIR = fileURLToPath(new URL('../../../', import.meta.url));

/** The directory of a test app under test/apps (an absolute path is taken as is). */
export function appDir(name: string): string {
  return isAbsolute(name) ? name : join(WORKER_DIR, 'test', 'apps', name);
}

/** Options of {@link startWorker}. */
export interface StartOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly argumentStyle?: WorkerArgumentStyle;
}

/** Launches the worker exactly as a host does, from worker.config.json, for one of the test apps. */
export function startWorker(app: string, options: StartOptions = {}): Promise<WorkerDriver> {
  return WorkerDriver.start({
    launch: launchFromWorkerConfig(WORKER_DIR, options.env),
    appDir: appDir(app),
    workerDir: WORKER_DIR,
    argumentStyle: options.argumentStyle,
    requestTimeoutMs: 15_000,
    startTimeoutMs: 15_000,
  });
}

/** Functions by id, from a metadata response. */
export function byId(functions: readonly RpcFunctionMetadata[]): Map<string, RpcFunctionMetadata> {
  return new Map(functions.map((fn) => [fn.functionId, fn]));
}

/** Invokes an HTTP-triggered function with a request built as the reference host builds it. */
export function invokeHttp(
  driver: WorkerDriver,
  fn: RpcFunctionMetadata | undefined,
  request: HttpRequestInit,
): Promise<InvocationOutcome> {
  if (!fn) throw new Error('No such function in the metadata.');
  return driver.invoke(httpInvocationRequest(fn, request));
}

/** The RpcHttp an HTTP function answered with (its `$return` or `res` output). */
export function httpResponse(response: InvocationResponse, outputName = '$return'): RpcHttp {
  const data =
    outputName === '$return'
      ? response.returnValue
      : response.outputData.find((binding) => binding.name === outputName)?.rpcData.value;
  const member = (data as TypedData | undefined)?.data;
  if (member?.case !== 'http') {
    throw new Error(`No HTTP response in ${outputName}: ${JSON.stringify(response.result?.exception)}`);
  }
  return member.value;
}

/** The body of an RpcHttp as text. */
export function bodyText(http: RpcHttp): string {
  const member = http.body?.data;
  if (member?.case === 'bytes') return Buffer.from(member.value).toString('utf8');
  if (member?.case === 'string' || member?.case === 'json') return member.value;
  return '';
}
