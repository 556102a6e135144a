import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../host.js';

async function writeFunction(appDir: string, name: string, route: string, methods?: string[]): Promise<void> {
  await mkdir(join(appDir, name));
  const trigger = {
    type: 'httpTrigger',
    direction: 'in',
    name: 'req',
    authLevel: 'anonymous',
    route,
    methods,
  };
  const bindings = [trigger, { type: 'http', direction: 'out', name: 'res' }];
  await writeFile(join(appDir, name, 'function.json'), JSON.stringify({ bindings }));
  await writeFile(
    join(appDir, name, 'index.js'),
    `module.exports = async function (context) { context.res = { body: ${JSON.stringify(name)} }; };\n`,
  );
}

describe('HTTP functions with the same route', { timeout: 30_000 }, () => {
  let appDir: string;
  let host: RunningHost;
  before(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'fnrpc-routes-'));
    await writeFile(join(appDir, 'host.json'), '{"version":"2.0"}');
    await writeFile(join(appDir, 'local.settings.json'), '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"node"}}');
    await writeFunction(appDir, 'a', 'same', ['get']);
    await writeFunction(appDir, 'b', '/Same/', ['post', 'GET']);
    await writeFunction(appDir, 'c', 'same', ['put']);
    await writeFunction(appDir, 'd', 'other');
    await writeFunction(appDir, 'e', 'OTHER', ['delete']);
    host = await startHost({ appDir, port: 0 });
  });
  after(async () => {
    await host?.stop();
    await rm(appDir, { recursive: true, force: true });
  });

  it('puts in error a later function whose route and methods overlap an earlier one, as the reference host does', async () => {
    const listed = host.functions.map((fn) => [fn.name, fn.error]);
    const conflict = (other: string) =>
      `The route specified conflicts with the route defined by function '${other}'.`;
    assert.deepEqual(listed, [
      ['a', undefined],
      ['c', undefined],
      ['d', undefined],
      ['b', conflict('a')],
      ['e', conflict('d')],
    ]);
    assert.deepEqual(host.errors, [
      `The 'b' function is in error: ${conflict('a')}`,
      `The 'e' function is in error: ${conflict('d')}`,
    ]);
    const logged = host.logs.filter((r) => r.level === 'Error' && r.message.includes('conflicts')).length;
    assert.equal(logged, 2);
    assert.equal(await (await host.fetch('/api/same', { method: 'PUT' })).text(), 'c');
    assert.equal((await host.fetch('/api/same', { method: 'POST' })).status, 404); // b was not loaded, and a method mismatch is no match
  });
});
