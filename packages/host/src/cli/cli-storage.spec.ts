import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_AZURITE_PORTS, developmentConnectionString } from '../storage/azurite.js';
import { CLI_ENTRY, eventually } from '../testing/fixtures.js';
import { drainQueue, sendMessages, writeQueueApp } from '../testing/queues.js';

const endpoint = (port: number): string => `http://127.0.0.1:${port}/devstoreaccount1`;
const { blob, queue, table } = DEFAULT_AZURITE_PORTS;
const DEV_STORAGE = developmentConnectionString(endpoint(blob), endpoint(queue), endpoint(table));

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(false));
  });
}

describe('fnrpc start with UseDevelopmentStorage=true', { timeout: 120_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fnrpc-storage-'));
    await writeQueueApp(dir, { values: { AzureWebJobsStorage: 'UseDevelopmentStorage=true' } });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('starts Azurite with its data under .fnrpc (or uses the one running), runs queue functions, stops it on Ctrl+C', async () => {
    const wasRunning = await answers(queue);
    const child = spawn(process.execPath, [CLI_ENTRY, 'start', dir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      await eventually(() => /Storage: /.test(stdout), 60_000, `the storage line:\n${stdout}`);
      if (wasRunning)
        assert.match(stdout, /Storage: using the Azurite .* already listening on 127\.0\.0\.1:10000/);
      else {
        assert.match(
          stdout,
          /Storage: started Azurite at http:\/\/127\.0\.0\.1:10001\/devstoreaccount1 .*data in \.fnrpc\/azurite/,
        );
        assert.ok(existsSync(join(dir, '.fnrpc', 'azurite')));
      }
      assert.match(stdout, /echo: queueTrigger/);
      await sendMessages(DEV_STORAGE, 'work', ['one', 'two']);
      assert.deepEqual((await drainQueue(DEV_STORAGE, 'done', 2)).sort(), ['one', 'two']);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      process.kill(-child.pid!, 'SIGINT');
      assert.equal(await exited, 0);
      if (!wasRunning) assert.equal(await answers(queue), false, 'the Azurite it started is stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
