import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('./main.js', import.meta.url));
const KIT_WORKER = fileURLToPath(new URL('../../../test/workers/kit-worker.mjs', import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('fnrpc-conformance', { timeout: 90_000 }, () => {
  it('exits 1 and writes the failure to the JSON report when a scenario fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fnrpc-conformance-cli-'));
    try {
      const json = join(dir, 'report.json');
      const { code, output } = await run(
        [
          'worker',
          '--only',
          'worker-status,warmup',
          '--json',
          json,
          '--timeout',
          '20',
          '--',
          process.execPath,
          KIT_WORKER,
        ],
        { FNRPC_KIT_WORKER_FAULT: 'ignore-status' },
      );
      assert.equal(code, 1, output);
      assert.match(output, /worker-status\s+FAIL/);
      assert.match(output, /warmup\s+n\/a/);
      const report = JSON.parse(await readFile(json, 'utf8')) as {
        role: string;
        summary: { pass: number; fail: number; notApplicable: number };
        results: { name: string; verdict: string; reason?: string }[];
      };
      assert.equal(report.role, 'worker');
      assert.deepEqual(report.summary, { pass: 0, fail: 1, notApplicable: 1 });
      assert.match(report.results[0]?.reason ?? '', /no WorkerStatusResponse/);
      assert.match(report.results[1]?.reason ?? '', /HandlesWorkerWarmupMessage/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 when nothing failed, and 2 on a usage error', async () => {
    const ok = await run(['worker', '--only', 'init-response', '--', process.execPath, KIT_WORKER]);
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, /1 passed, 0 failed, 0 not applicable/);
    const usage = await run(['worker', '--argument-style', 'odd', 'w']);
    assert.equal(usage.code, 2);
    assert.match(usage.output, /--argument-style must be one of/);
  });
});
