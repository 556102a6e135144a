// Measures the HTTP front end against a plain node:http server (req/s at 64 connections, 5 s each):
//   npx tsc -p packages/host && node packages/host/test/http/bench.mjs
// "front end only" uses a dispatcher that answers at once, "with worker" runs the real worker over gRPC.
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { create } from '@bufbuild/protobuf';
import { InvocationResponseSchema, RpcHttpSchema, toTypedData } from '@functions-rpc/protocol';
import { HttpFrontEnd, KeyStore } from '../../dist/src/http/index.js';
import { WorkerHttpDispatcher } from '../../dist/src/http/testing/worker-http-dispatcher.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);

async function measure(name, url) {
  const result = await autocannon({ url, connections: 64, duration: DURATION });
  const failures = result.non2xx + result.errors + result.timeouts;
  console.log(
    `${name.padEnd(16)} ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, failures ${failures}`,
  );
  return result.requests.average;
}

async function plain() {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('hello');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await measure('plain node:http', `http://127.0.0.1:${server.address().port}/api/hello`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const instantDispatcher = {
  async begin() {
    const returnValue = toTypedData(
      create(RpcHttpSchema, { statusCode: '200', body: toTypedData(Buffer.from('hello')) }),
      'http',
    );
    return {
      invocationId: 'bench',
      capabilities: {
        RpcHttpBodyOnly: 'true',
        UseNullableValueDictionaryForHttp: 'true',
        RawHttpBodyBytes: 'true',
        RpcHttpTriggerMetadataRemoved: 'true',
      },
      invoke: async () => ({ ok: true, response: create(InvocationResponseSchema, { returnValue }) }),
      cancel() {},
    };
  },
};

async function frontEnd(name, dispatcher, functions, keys) {
  const front = new HttpFrontEnd({ port: 0, keys, dispatcher });
  const base = await front.listen();
  front.setFunctions(functions);
  try {
    return await measure(name, `${base}/api/hello`);
  } finally {
    await front.close();
  }
}

const appDir = await mkdtemp(join(tmpdir(), 'fnrpc-bench-'));
const keys = await KeyStore.open(appDir);
const hello = {
  name: 'hello',
  functionId: 'hello',
  methods: ['GET'],
  authLevel: 'anonymous',
  triggerBindingName: 'req',
  httpOutputBindingName: '$return',
};
try {
  const base = await plain();
  const only = await frontEnd('front end only', instantDispatcher, [hello], keys);
  const worker = await WorkerHttpDispatcher.start('basic');
  try {
    const full = await frontEnd('with worker', worker, worker.functions, keys);
    console.log(
      `front end only: ${Math.round((100 * only) / base)}% of plain; with worker: ${Math.round((100 * full) / base)}%`,
    );
  } finally {
    await worker.dispose();
  }
} finally {
  await rm(appDir, { recursive: true, force: true });
}
