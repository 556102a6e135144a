/**
 * The messages the codec benchmark measures: an HTTP-triggered InvocationRequest as a host sends it for a
 * small browser POST, and the InvocationResponse a worker answers with.
 */
import { StatusResult_Status, streamingMessage, type StreamingMessage } from '../src/index.js';

const encoder = new TextEncoder();

const headers: Record<string, string> = {
  accept: 'application/json, text/plain, */*',
  'content-type': 'application/json',
  host: 'localhost:7071',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)',
};

const json = (value: unknown): { data: { case: 'json'; value: string } } => ({
  data: { case: 'json', value: JSON.stringify(value) },
});

const nullable = (values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, { string: { case: 'value' as const, value } }]),
  );

/** An HTTP POST with a small JSON body, as the host's HTTP trigger sends it to a worker. */
export function httpInvocationRequest(): StreamingMessage {
  return streamingMessage('invocationRequest', {
    invocationId: '5fb6a8c1-3d1e-4f4b-9a0e-2b9d8c7e6f51',
    functionId: 'a1b2c3d4-0000-4000-8000-00000000f001',
    inputData: [
      {
        name: 'req',
        rpcData: {
          case: 'data',
          value: {
            data: {
              case: 'http',
              value: {
                method: 'POST',
                url: 'http://localhost:7071/api/items/42?verbose=true',
                nullableHeaders: nullable(headers),
                nullableQuery: nullable({ verbose: 'true' }),
                nullableParams: nullable({ id: '42' }),
                body: { data: { case: 'bytes', value: encoder.encode('{"name":"widget","count":3}') } },
              },
            },
          },
        },
      },
    ],
    triggerMetadata: {
      Headers: json({ 'content-type': headers['content-type'], host: headers['host'] }),
      Query: json({ verbose: 'true' }),
    },
    traceContext: {
      traceParent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  });
}

/** The worker's answer: status 200, a content type and "Hello, world!". */
export function httpInvocationResponse(): StreamingMessage {
  return streamingMessage('invocationResponse', {
    invocationId: '5fb6a8c1-3d1e-4f4b-9a0e-2b9d8c7e6f51',
    returnValue: {
      data: {
        case: 'http',
        value: {
          statusCode: '200',
          headers: { 'content-type': 'text/plain;charset=UTF-8' },
          body: { data: { case: 'bytes', value: encoder.encode('Hello, world!') } },
        },
      },
    },
    result: { status: StatusResult_Status.Success },
  });
}
