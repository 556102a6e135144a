import { create } from '@bufbuild/protobuf';
import {
  RpcTraceContextSchema,
  type MessagePayloadInit,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';
import { httpCapabilitiesOf, httpInvocationRequest, type HttpRequestInit } from '@functions-rpc/testkit';

/** What every protocol measurement sends: a small POST with a query and a five-byte text body. */
export const BENCH_REQUEST: HttpRequestInit = {
  method: 'POST',
  url: 'http://127.0.0.1:7071/api/hello?name=bench',
  headers: {
    Host: '127.0.0.1:7071',
    'User-Agent': 'functions-rpc-bench',
    Accept: '*/*',
    'Content-Type': 'text/plain',
    'Content-Length': '5',
  },
  body: 'bench',
};

/**
 * The InvocationRequest a host sends for {@link BENCH_REQUEST} to a worker that advertised these
 * capabilities (nullable maps, body bytes and the rest decided by the reference host's rules).
 */
export function benchInvocation(
  fn: RpcFunctionMetadata,
  capabilities: Readonly<Record<string, string>>,
): MessagePayloadInit<'invocationRequest'> {
  const request = httpInvocationRequest(fn, BENCH_REQUEST, httpCapabilitiesOf(capabilities));
  // The reference host always sends a trace context; the .NET worker fails an invocation without one.
  return { ...request, invocationId: '', traceContext: create(RpcTraceContextSchema) };
}
