import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { HostLogger } from '../log/host-logger.js';
import { CUT_MARK, MAX_LINE_BYTES } from './bounded-lines.js';
import { WorkerProcess } from './worker-process.js';

/** Runs `script` as a worker process and resolves with its output lines as the host logged them. */
async function outputOf(script: string): Promise<string[]> {
  const logger = new HostLogger();
  const launch = { command: process.execPath, args: ['-e', script], env: { ...process.env }, cwd: tmpdir() };
  const worker = WorkerProcess.spawn(launch as Parameters<typeof WorkerProcess.spawn>[0], [], {
    logger,
    workerId: 'w',
    category: 'Worker.node',
    useStdErrorStreamForErrorsOnly: false,
  });
  const exit = await worker.exited;
  assert.equal(exit.code, 0);
  return logger.records.map((record) => record.message);
}

describe('WorkerProcess output', { timeout: 30_000 }, () => {
  it('cuts a line at 1 MiB, marks it, and reads the lines after it whole', async () => {
    const script =
      "const big = 'x'.repeat(5 * 1024 * 1024);" +
      "process.stdout.write('first\\r\\n' + big + '\\nafter\\n' + big);" +
      "process.stderr.write(big + '\\nlast err');";
    const lines = await outputOf(script);
    const cut = 'x'.repeat(MAX_LINE_BYTES) + CUT_MARK;
    assert.deepEqual(
      lines.map((line) => (line === cut ? 'CUT' : line.length > 100 ? `${line.length} chars` : line)).sort(),
      ['CUT', 'CUT', 'CUT', 'after', 'first', 'last err'],
    );
  });

  it('keeps multi-byte characters split across reads intact', async () => {
    const lines = await outputOf("for (let i = 0; i < 2000; i++) process.stdout.write('é€😀 ' + i + '\\n');");
    assert.equal(lines.length, 2000);
    assert.ok(lines.every((line, i) => line === `é€😀 ${i}`));
  });
});
