import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import { StatusResult_Status, StreamingMessageSchema } from '@functions-rpc/protocol';
import { expectAlive } from '../alive.js';
import type { WorkerScenario } from '../scenario.js';
import { check } from '../verdict.js';

/** How long a status request may wait for its echo. The reference host waits forever; a kit cannot. */
const STATUS_WAIT_MS = 10_000;

/** A StreamingMessage field number no protocol version assigns. */
const UNKNOWN_FIELD = 1000;

export const workerStatus: WorkerScenario = {
  name: 'worker-status',
  title: 'WorkerStatusRequest: answered with WorkerStatusResponse echoing its request_id',
  async run(session) {
    await session.init();
    session.requires('WorkerStatus');
    const requestId = randomUUID();
    const answer = session.driver.waitFor('workerStatusResponse', () => true, STATUS_WAIT_MS);
    session.driver.send('workerStatusRequest', {}, requestId);
    let reply;
    try {
      reply = await answer;
    } catch {
      check(
        false,
        `no WorkerStatusResponse within ${STATUS_WAIT_MS / 1000} s, though WorkerStatus is advertised`,
      );
    }
    check(
      reply.requestId === requestId,
      `the response carries request_id '${reply.requestId}', expected '${requestId}'`,
      reply,
    );
  },
};

export const warmup: WorkerScenario = {
  name: 'warmup',
  title: 'WorkerWarmupRequest: answered with WorkerWarmupResponse Success',
  async run(session) {
    await session.init();
    session.requires('HandlesWorkerWarmupMessage');
    const reply = await session.driver.request(
      'workerWarmupRequest',
      { workerDirectory: session.driver.workerDir },
      'workerWarmupResponse',
    );
    check(
      reply.content.value.result?.status === StatusResult_Status.Success,
      `WorkerWarmupResponse is not Success: ${reply.content.value.result?.exception?.message ?? 'no result'}`,
      reply,
    );
  },
};

export const environmentReload: WorkerScenario = {
  name: 'environment-reload',
  title:
    'FunctionEnvironmentReloadRequest twice after init (as a placeholder is specialized): both Success, then the app indexes, loads and runs',
  async run(session) {
    // The reference host reloads a worker that only had WorkerInitRequest (BEHAVIOR 4.9).
    await session.init();
    for (const round of [1, 2]) {
      const reply = await session.reload({ FNRPC_CONFORMANCE_RELOAD: String(round) });
      check(
        reply.content.value.result?.status === StatusResult_Status.Success,
        `reload ${round} is not Success: ${reply.content.value.result?.exception?.message ?? 'no result'}`,
        reply,
      );
    }
    await session.index();
    await session.load();
    await expectAlive(session);
  },
};

export const unknownMessage: WorkerScenario = {
  name: 'unknown-message',
  title: 'A message of a kind the worker does not know is tolerated',
  async run(session) {
    await session.ready();
    const message = create(StreamingMessageSchema, { requestId: 'kit-unknown' });
    // A length-delimited field: its length, then an embedded message whose field 1 is the string "kit".
    const data = new Uint8Array([0x05, 0x0a, 0x03, 0x6b, 0x69, 0x74]);
    message.$unknown = [{ no: UNKNOWN_FIELD, wireType: WireType.LengthDelimited, data }];
    session.driver.sendMessage(message);
    await session.settle(300);
    await expectAlive(session);
  },
};
