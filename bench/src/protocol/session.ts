import { toBinary } from '@bufbuild/protobuf';
import {
  InvocationResponseSchema,
  StatusResult_Status,
  type FunctionMetadataResponse,
  type InvocationResponse,
  type MessagePayloadInit,
  type WorkerInitResponse,
} from '@functions-rpc/protocol';
import { WorkerDriver } from '@functions-rpc/testkit';
import { HELLO_BODY } from '../hello-body.js';
import { benchInvocation } from './http-invocation.js';
import { LeanDriver, type StartupTimings } from './lean-driver.js';
import type { WorkerTarget } from './worker-targets.js';

/** One worker, loaded and answering: what the protocol items measure. */
export interface Session {
  readonly name: string;
  readonly pid: number | undefined;
  /** What the worker advertised in its WorkerInitResponse. */
  readonly capabilities: Readonly<Record<string, string>>;
  /** The first response, checked and kept (the floor copies it). */
  readonly response: InvocationResponse;
  /** Encoded size of that response, to show the floor answers with as many bytes. */
  readonly responseBytes: number;
  readonly timings?: StartupTimings;
  /** One invocation of the hello function; rejects unless the worker reports success. */
  call(): Promise<void>;
  dispose(): Promise<void>;
}

/** A worker past its handshake, behind either driver. */
interface Loaded {
  readonly name: string;
  readonly pid: number | undefined;
  readonly init: WorkerInitResponse;
  readonly metadata: FunctionMetadataResponse;
  invoke(request: MessagePayloadInit<'invocationRequest'>): Promise<InvocationResponse>;
  dispose(): Promise<void>;
  readonly timings?: StartupTimings;
}

/** Starts a worker behind the lean driver, loads the app and checks one invocation. */
export async function leanSession(target: WorkerTarget, appDir: string): Promise<Session> {
  const driver = await LeanDriver.start(target.launch, appDir);
  try {
    const { init, metadata, timings } = await driver.handshake();
    return await ready({
      name: target.name,
      pid: driver.process.pid,
      init,
      metadata,
      timings,
      invoke: (request) => driver.invoke(request),
      dispose: () => driver.dispose(),
    });
  } catch (error) {
    await driver.dispose();
    throw error;
  }
}

/** The same behind the testkit's WorkerDriver, to measure what the driver itself costs. */
export async function testkitSession(target: WorkerTarget, appDir: string): Promise<Session> {
  const driver = await WorkerDriver.start({ launch: target.launch, appDir });
  try {
    const init = await driver.init();
    const metadata = await driver.metadata();
    await driver.load(
      metadata.functionMetadataResults.map((fn) => ({ functionId: fn.functionId, metadata: fn })),
    );
    return await ready({
      name: `${target.name} (WorkerDriver)`,
      pid: driver.process.pid,
      init,
      metadata,
      invoke: async (request) => (await driver.invoke(request)).response,
      dispose: () => driver.dispose(),
    });
  } catch (error) {
    await driver.dispose();
    throw error;
  }
}

/** Builds the hello request for the worker's capabilities and checks its first answer. */
async function ready(loaded: Loaded): Promise<Session> {
  const { name, invoke } = loaded;
  const request = benchInvocation(helloFunction(loaded.metadata, name), loaded.init.capabilities);
  const checked = async (): Promise<InvocationResponse> => {
    const response = await invoke(request);
    if (response.result?.status === StatusResult_Status.Success) return response;
    throw new Error(`${name}: invocation failed: ${response.result?.exception?.message ?? 'no result'}`);
  };
  const response = await checked();
  const body = httpBody(response);
  if (body !== HELLO_BODY)
    throw new Error(`${name} answered the hello function with ${JSON.stringify(body)}.`);
  return {
    name,
    pid: loaded.pid,
    capabilities: loaded.init.capabilities,
    response,
    responseBytes: toBinary(InvocationResponseSchema, response).byteLength,
    call: async () => void (await checked()),
    dispose: loaded.dispose,
    ...(loaded.timings ? { timings: loaded.timings } : {}),
  };
}

/** The HTTP body of a response: in the return value or the `$return` output, as bytes or text. */
function httpBody(response: InvocationResponse): string | undefined {
  const output = response.outputData.find((binding) => binding.name === '$return');
  const data =
    response.returnValue?.data ?? (output?.rpcData.case === 'data' ? output.rpcData.value.data : undefined);
  if (data?.case !== 'http') return undefined;
  const body = data.value.body?.data;
  if (body?.case === 'bytes') return Buffer.from(body.value).toString();
  return body?.case === 'string' ? body.value : undefined;
}

function helloFunction(metadata: FunctionMetadataResponse, worker: string) {
  const fn = metadata.functionMetadataResults.find((candidate) => candidate.name === 'hello');
  if (!fn) throw new Error(`${worker} did not index the 'hello' function.`);
  return fn;
}
