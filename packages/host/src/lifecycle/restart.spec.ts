import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../host.js';
import { writeHelloApp } from '../testing/fixtures.js';

/** Our worker processes whose parent is `pid` (from /proc). */
function childWorkers(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('bundle/main.js');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('restarting a host', { timeout: 60_000 }, () => {
  let dir: string;
  let host: RunningHost;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fnrpc-restart-'));
    await writeHelloApp(dir, 'first');
    host = await startHost({ appDir: dir, port: 0, enableAuth: true });
  });
  after(async () => {
    await host.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const get = async (path: string): Promise<[number, string]> => {
    const response = await host.fetch(path);
    return [response.status, await response.text()];
  };

  it('keeps the port and lets running and arriving requests finish, then serves the new code', async () => {
    assert.deepEqual(await get('/api/hello'), [200, 'first']);
    const workerBefore = host.status().workers[0]?.workerId;
    const running = get('/api/hello?wait=300');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writeHelloApp(dir, 'second');
    const restarted = host.restart();
    // Sent while the old run drains and the new one starts: they wait rather than fail.
    const arriving = Array.from({ length: 10 }, () => get('/api/hello'));
    assert.deepEqual(await running, [200, 'first']);
    await restarted;
    for (const answer of await Promise.all(arriving)) assert.deepEqual(answer, [200, 'second']);
    assert.deepEqual(await get('/api/hello'), [200, 'second']);
    assert.equal(host.status().state, 'Running');
    assert.notEqual(host.status().workers[0]?.workerId, workerBefore, 'a new worker runs the app');
  });

  it('answers every request with 200 through repeated restarts under load', async () => {
    await writeHelloApp(dir, 'loaded');
    await host.restart();
    let restarting = true;
    const statuses = new Map<number, number>();
    // 16 clients sending one request after another, bounded by the restarts below.
    const clients = Array.from({ length: 16 }, async () => {
      while (restarting) {
        const [status] = await get('/api/hello');
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    });
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await host.restart();
    }
    restarting = false;
    await Promise.all(clients);
    assert.deepEqual([...statuses.keys()], [200], `statuses: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(200) ?? 0) > 16, 'requests ran during the restarts');
  });

  it('applies a new host.json, route prefix included', async () => {
    await writeHelloApp(dir, 'third', { hostJson: { extensions: { http: { routePrefix: 'v2' } } } });
    await host.restart();
    assert.deepEqual(await get('/v2/hello'), [200, 'third']);
    assert.equal((await get('/api/hello'))[0], 404);
    assert.match(host.functions[0]?.url ?? '', /\/v2\/hello$/);
  });

  it('answers 503 after a failed restart, says why, and recovers on the next one', async () => {
    await writeFile(join(dir, 'host.json'), '{"version":"1.0"}');
    await assert.rejects(host.restart(), /"version" must be "2\.0"/);
    const [status] = await get('/v2/hello');
    assert.equal(status, 503);
    assert.equal(host.status().state, 'Error');
    assert.match(host.status().errors.join('\n'), /"version" must be "2\.0"/);
    await writeHelloApp(dir, 'fourth');
    await host.restart();
    assert.deepEqual(await get('/api/hello'), [200, 'fourth']);
  });

  it('stops the workers it launched when it cannot listen', async () => {
    const port = Number(new URL(host.url).port);
    const children = (): number[] => childWorkers(process.pid);
    const before = children().length;
    await assert.rejects(
      startHost({ appDir: dir, port }),
      new RegExp(
        `The host could not start: Port ${port} on 127\\.0\\.0\\.1 is in use \\(EADDRINUSE\\): .*0 picks a free one`,
      ),
    );
    const deadline = Date.now() + 5000;
    while (children().length > before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(children().length, before);
  });

  it('restarts through POST /admin/host/restart with the master key', async () => {
    const workerBefore = host.status().workers[0]?.workerId;
    await writeHelloApp(dir, 'fifth');
    assert.equal((await fetch(`${host.url}/admin/host/restart`, { method: 'POST' })).status, 401);
    assert.equal((await host.fetch('/admin/host/restart')).status, 405);
    assert.equal((await host.fetch('/admin/host/restart', { method: 'POST' })).status, 202);
    // Requests wait for the restart the admin call started.
    const deadline = Date.now() + 10_000;
    while (host.status().workers[0]?.workerId === workerBefore && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(await get('/api/hello'), [200, 'fifth']);
  });
});
