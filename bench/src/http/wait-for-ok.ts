import type { Spawned } from '../process/spawned.js';

/**
 * Polls `url` until it answers 200 and resolves with the ms since the process was spawned; rejects
 * with the process's output if it exits or the deadline passes first.
 */
export async function waitForOk(url: string, spawned: Spawned, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (!spawned.running) throw new Error(`The process exited before ${url} answered.\n${spawned.output}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - spawned.startedAt;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last}).\n${spawned.output}`);
}
