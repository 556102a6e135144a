import { invokeHttp } from './http-invocation.js';
import { check } from './verdict.js';
import type { WorkerSession } from './worker-session.js';

/**
 * Fails the scenario unless the worker still works: it answers a `hello` invocation when the app has that
 * function (and HTTP goes over gRPC), else a status request when it advertises WorkerStatus; at least its
 * process still runs.
 */
export async function expectAlive(session: WorkerSession): Promise<void> {
  const { driver } = session;
  check(
    driver.process.exitCode === null && driver.process.signalCode === null,
    `the worker exited (${driver.process.exitCode ?? driver.process.signalCode})`,
  );
  if (session.hasFunction('hello')) {
    await invokeHttp(session, session.fn('hello'), { url: 'http://localhost/api/hello' });
    return;
  }
  if (session.has('WorkerStatus')) {
    const requestId = `alive-${Date.now()}`;
    await driver.request(
      'workerStatusRequest',
      {},
      'workerStatusResponse',
      (_, message) => message.requestId === requestId,
      requestId,
    );
  }
}
