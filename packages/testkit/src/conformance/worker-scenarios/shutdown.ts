import { startHttpInvocation } from '../http-invocation.js';
import type { WorkerScenario } from '../scenario.js';
import { check } from '../verdict.js';
import type { WorkerSession } from '../worker-session.js';

/** The grace period the reference host gives (WorkerTerminateGracePeriodInSeconds). */
const GRACE_MS = 5000;
/** How long after the host ends its stream the worker may take to exit. */
const STREAM_END_EXIT_MS = 10_000;

export const terminate: WorkerScenario = {
  name: 'terminate',
  title: 'WorkerTerminate: an invocation in flight is answered and the process exits within the grace period',
  async run(session) {
    await session.ready();
    session.requires('HandlesWorkerTerminateMessage');
    const inFlight = startSlow(session);
    await session.settle(200);
    session.driver.send('workerTerminate', { gracePeriod: { seconds: BigInt(GRACE_MS / 1000) } });
    const exited = await exitWithin(session, GRACE_MS + 1000);
    check(
      exited !== undefined,
      `the worker still runs ${GRACE_MS / 1000 + 1} s after WorkerTerminate (grace ${GRACE_MS / 1000} s)`,
    );
    if (!inFlight) return;
    // The answer may still be in the socket when the exit is seen: read until the stream is over.
    await within(session.driver.stream.closed, 2000);
    const answered = session
      .receivedOf('invocationResponse')
      .some(
        (message) =>
          message.content.case === 'invocationResponse' && message.content.value.invocationId === inFlight,
      );
    check(answered, 'the worker exited without answering the invocation in flight');
  },
};

export const streamEnded: WorkerScenario = {
  name: 'stream-ended',
  title: 'The host ends the stream: the worker exits',
  async run(session) {
    await session.ready();
    void session.driver.stream.end();
    const exited = await exitWithin(session, STREAM_END_EXIT_MS);
    check(
      exited !== undefined,
      `the worker still runs ${STREAM_END_EXIT_MS / 1000} s after the host ended the stream`,
    );
  },
};

/** Starts the kit's `slow` function when the app has it; its invocation id. */
function startSlow(session: WorkerSession): string | undefined {
  if (!session.hasFunction('slow')) return undefined;
  const started = startHttpInvocation(session, session.fn('slow'), {
    url: 'http://localhost:7071/api/slow?ms=1000',
  });
  started.done.catch(() => undefined);
  return started.invocationId;
}

/** The exit code once the process exits within `ms`, else undefined. */
function exitWithin(session: WorkerSession, ms: number): Promise<number | string | undefined> {
  return within(session.driver.exited, ms);
}

/** The value of `promise` if it settles within `ms`, else undefined. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
