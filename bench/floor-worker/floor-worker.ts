/**
 * The transport floor: a worker that does nothing but the protocol. It answers init, metadata and load
 * at once, and every InvocationRequest with a copy of one recorded InvocationResponse. Given our worker's
 * response (FLOOR_RESPONSE, base64) and capabilities (FLOOR_CAPABILITIES, JSON), it receives the same
 * requests and sends responses as large as our worker's.
 */
import { create, fromBinary } from '@bufbuild/protobuf';
import {
  BindingInfo_Direction,
  capabilityMap,
  NODE_WORKER_CAPABILITIES,
  FunctionRpcClient,
  InvocationResponseSchema,
  successResult,
  toTypedData,
  type InvocationResponse,
  WorkerFlag,
} from '@functions-rpc/protocol';
import { HELLO_BODY } from '../src/hello-body.js';

/** The Node.js worker's capabilities, for when none were recorded. */
const NODE_CAPABILITIES = capabilityMap(NODE_WORKER_CAPABILITIES);

const HELLO = {
  name: 'hello',
  functionId: 'floor-hello',
  directory: process.cwd(),
  scriptFile: 'src/functions/hello.js',
  bindings: {
    httpTrigger1: {
      type: 'httpTrigger',
      direction: BindingInfo_Direction.in,
      properties: { authLevel: 'anonymous' },
    },
    $return: { type: 'http', direction: BindingInfo_Direction.out },
  },
};

function argument(name: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? undefined : process.argv[index + 1];
  if (!value) throw new Error(`--${name} is required.`);
  return value;
}

/** What the v4 library answers for `{ body: HELLO_BODY }`, used when no response was recorded. */
function defaultResponse(): InvocationResponse {
  const http = {
    statusCode: '200',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: toTypedData(Buffer.from(HELLO_BODY), 'bytes'),
  };
  return create(InvocationResponseSchema, {
    result: successResult(),
    returnValue: { data: { case: 'http', value: http } },
  });
}

const recorded = process.env.FLOOR_RESPONSE;
const template = recorded
  ? fromBinary(InvocationResponseSchema, Buffer.from(recorded, 'base64'))
  : defaultResponse();
const capabilities = process.env.FLOOR_CAPABILITIES
  ? (JSON.parse(process.env.FLOOR_CAPABILITIES) as Record<string, string>)
  : NODE_CAPABILITIES;

const rpc = FunctionRpcClient.connect({
  uri: argument(WorkerFlag.functions.uri),
  workerId: argument(WorkerFlag.functions.workerId),
  requestId: argument(WorkerFlag.functions.requestId),
});

rpc.onMessage((message) => {
  const { content, requestId } = message;
  switch (content.case) {
    case 'invocationRequest':
      rpc.send('invocationResponse', { ...template, invocationId: content.value.invocationId });
      return;
    case 'workerInitRequest':
      rpc.send('workerInitResponse', { result: successResult(), capabilities }, requestId);
      return;
    case 'functionsMetadataRequest':
      rpc.send(
        'functionMetadataResponse',
        { result: successResult(), functionMetadataResults: [HELLO] },
        requestId,
      );
      return;
    case 'functionLoadRequest':
      rpc.send(
        'functionLoadResponse',
        { functionId: content.value.functionId, result: successResult() },
        requestId,
      );
      return;
    case 'workerTerminate':
      void rpc.end().then(() => process.exit(0));
      return;
  }
});

void rpc.closed.then(({ error }) => process.exit(error ? 1 : 0));
