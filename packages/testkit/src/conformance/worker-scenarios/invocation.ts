import { StatusResult_Status } from '@functions-rpc/protocol';
import { invokeHttp, startHttpInvocation } from '../http-invocation.js';
import { expectSuccess, findLog, indexOfMessage, invoke, triggerInvocation } from '../kit-invocations.js';
import type { WorkerScenario } from '../scenario.js';
import { check } from '../verdict.js';

/** How many invocations the concurrency scenario keeps in flight at once. */
const CONCURRENT_INVOCATIONS = 1000;

export const invocationFailure: WorkerScenario = {
  name: 'invocation-failure',
  title: 'A function that throws: Failure with an exception carrying its message',
  async run(session) {
    await session.ready();
    const fn = session.fn('fail');
    const { outcome } = await startHttpInvocation(session, fn, { url: 'http://localhost:7071/api/fail' })
      .done;
    const { response, message } = outcome;
    check(
      response.result?.status === StatusResult_Status.Failure,
      `'fail' answered ${StatusResult_Status[response.result?.status ?? 0]}, expected Failure`,
      message,
    );
    check(
      /kit failure/.test(response.result.exception?.message ?? ''),
      `the exception does not carry the message 'kit failure'`,
      message,
    );
  },
};

export const invocationLogs: WorkerScenario = {
  name: 'invocation-logs',
  title: "User logs arrive before the response and carry the invocation's id",
  async run(session) {
    await session.ready();
    const { message } = await invokeHttp(session, session.fn('logs'), {
      url: 'http://localhost:7071/api/logs',
    });
    await session.settle();
    const invocationId = message.content.value.invocationId;
    for (const text of ['kit log 1', 'kit log 2']) {
      const log = findLog(session, text);
      check(log, `no RpcLog '${text}' arrived`, message);
      check(
        log.content.value.invocationId === invocationId,
        `the log '${text}' carries invocation_id '${log.content.value.invocationId}', expected '${invocationId}'`,
        log,
      );
      check(
        indexOfMessage(session, log) < indexOfMessage(session, message),
        `the log '${text}' arrived after the InvocationResponse (the host drops it)`,
        log,
        message,
      );
    }
  },
};

export const timerInvocation: WorkerScenario = {
  name: 'timer-invocation',
  title: 'A timer trigger invocation (TimerInfo JSON) succeeds and the function reads isPastDue',
  async run(session) {
    await session.ready();
    const fn = session.fn('timer');
    const now = new Date();
    const info = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: {
        Last: new Date(now.getTime() - 60_000).toISOString(),
        Next: new Date(now.getTime() + 60_000).toISOString(),
        LastUpdated: now.toISOString(),
      },
      IsPastDue: false,
    };
    const outcome = await invoke(
      session,
      triggerInvocation(
        fn,
        { data: { case: 'json', value: JSON.stringify(info) } },
        { TimerTrigger: { data: { case: 'string', value: now.toISOString() } } },
      ),
    );
    expectSuccess(fn, outcome);
    // Only that the function read its input: invocation-logs checks where logs belong.
    await session.settle();
    check(findLog(session, 'isPastDue=false'), "no log 'timer ran, isPastDue=false'", outcome.message);
  },
};

export const queueInvocation: WorkerScenario = {
  name: 'queue-invocation',
  title: 'A queue-shaped invocation: message text and trigger metadata (DequeueCount) reach the function',
  async run(session) {
    await session.ready();
    const fn = session.fn('queue');
    const now = new Date();
    const date = (offsetMs: number) => ({
      data: {
        case: 'json' as const,
        value: JSON.stringify(new Date(now.getTime() + offsetMs).toISOString()),
      },
    });
    const text = (value: string) => ({ data: { case: 'string' as const, value } });
    const outcome = await invoke(
      session,
      triggerInvocation(fn, text('kit item'), {
        QueueTrigger: text('kit item'),
        DequeueCount: { data: { case: 'json', value: '2' } },
        Id: text('7f3c7a55-2c1e-4c1f-9d3e-2b9b8f0f5a11'),
        PopReceipt: text('AgAAAAMAAAAAAAAA'),
        InsertionTime: date(-1000),
        ExpirationTime: date(7 * 24 * 3600 * 1000),
        NextVisibleTime: date(30_000),
      }),
    );
    expectSuccess(fn, outcome);
    await session.settle();
    check(
      findLog(session, 'queue got kit item dequeueCount=2'),
      "no log 'queue got kit item dequeueCount=2'",
      outcome.message,
    );
  },
};

export const concurrentInvocations: WorkerScenario = {
  name: 'concurrent-invocations',
  title: `${CONCURRENT_INVOCATIONS} concurrent invocations, each answered exactly once and correctly`,
  async run(session) {
    await session.ready();
    const fn = session.fn('hello');
    const results = await Promise.all(
      Array.from({ length: CONCURRENT_INVOCATIONS }, async (_, i) => {
        const { reply, message } = await invokeHttp(session, fn, {
          url: `http://localhost:7071/api/hello?name=n${i}`,
        });
        return { i, text: reply.body.toString('utf8'), message };
      }),
    );
    for (const { i, text, message } of results)
      check(text === `Hello, n${i}!`, `invocation ${i} answered ${JSON.stringify(text)}`, message);
    await session.settle(300);
  },
};

export const invocationCancel: WorkerScenario = {
  name: 'invocation-cancel',
  title: 'InvocationCancel: the invocation is answered once, Cancelled or completed',
  async run(session) {
    await session.ready();
    session.requires('HandlesInvocationCancelMessage');
    const fn = session.fn('slow');
    const started = startHttpInvocation(session, fn, { url: 'http://localhost:7071/api/slow?ms=1500' });
    await session.settle(200);
    session.driver.send('invocationCancel', { invocationId: started.invocationId });
    const { response, message } = (await started.done).outcome;
    check(
      response.result?.status === StatusResult_Status.Cancelled ||
        response.result?.status === StatusResult_Status.Success,
      `answered ${StatusResult_Status[response.result?.status ?? 0]}, expected Cancelled or Success`,
      message,
    );
    // A cancel for an invocation that is over must not produce a second answer.
    session.driver.send('invocationCancel', { invocationId: started.invocationId });
    await session.settle(300);
  },
};
