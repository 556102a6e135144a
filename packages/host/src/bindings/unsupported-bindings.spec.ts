import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatStartup } from '../cli/console-output.js';
import type { RunningHost } from '../host.js';
import { startTempApp, writeFunction, type TempAppHost } from '../testing/fixtures.js';

/** A function.json function whose script logs that it ran. */
const logsItRan = (name: string): string =>
  `module.exports = async function (context) { context.log('${name} ran'); };\n`;

describe('functions using binding types or SDK types the host does not support', { timeout: 30_000 }, () => {
  let app: TempAppHost;
  let host: RunningHost;
  before(async () => {
    app = await startTempApp('fnrpc-unsupported-', async (dir) => {
      const add = (name: string, bindings: object[]): Promise<void> =>
        writeFunction(dir, name, bindings, logsItRan(name));
      await add('changes', [
        { type: 'cosmosDBTrigger', direction: 'in', name: 'docs', connection: 'Cosmos' },
      ]);
      await add('lookup', [
        { type: 'httpTrigger', direction: 'in', name: 'req', authLevel: 'anonymous' },
        { type: 'cosmosDB', direction: 'in', name: 'item', connection: 'Cosmos' },
        { type: 'sql', direction: 'out', name: 'row', commandText: 'dbo.T' },
        { type: 'http', direction: 'out', name: 'res' },
      ]);
      await add('sdkClient', [
        { type: 'httpTrigger', direction: 'in', name: 'req', authLevel: 'anonymous' },
        {
          type: 'blob',
          direction: 'in',
          name: 'client',
          path: 'box/item',
          properties: { SupportsDeferredBinding: 'True' },
        },
        { type: 'http', direction: 'out', name: 'res' },
      ]);
      await add('gridBlob', [
        { type: 'blobTrigger', direction: 'in', name: 'blob', path: 'box/{name}', source: 'EventGrid' },
      ]);
      await add('badPath', [{ type: 'blobTrigger', direction: 'in', name: 'blob', path: '{box}/{name}' }]);
      await add('nightly', [
        { type: 'timerTrigger', direction: 'in', name: 'timer', schedule: '0 0 0 1 1 *', runOnStartup: true },
        { type: 'sql', direction: 'out', name: 'row', commandText: 'dbo.T' },
      ]);
    });
    host = app.host;
  });
  after(() => app?.dispose());

  it('lists them in error, naming the unsupported types and the supported ones', () => {
    const errors = new Map(host.functions.map((fn) => [fn.name, fn.error]));
    assert.equal(errors.get('hello'), undefined);
    assert.match(
      errors.get('changes') ?? '',
      /'cosmosDBTrigger' are not supported.*Supported binding types: /,
    );
    assert.match(errors.get('lookup') ?? '', /'cosmosDB, sql' are not supported/);
    assert.match(errors.get('nightly') ?? '', /'sql' are not supported.*timerTrigger/);
    assert.match(
      errors.get('sdkClient') ?? '',
      /^The binding\(s\) 'client' ask for SDK types \(SupportsDeferredBinding\), which this host does not support/,
    );
    assert.match(errors.get('gridBlob') ?? '', /^The blob trigger's source 'EventGrid' is not supported/);
    assert.match(errors.get('badPath') ?? '', /Container paths cannot contain \{resolve\} tokens/);
    const logged = host.logs.filter((r) => r.level === 'Error').map((r) => r.message);
    assert.ok(
      logged.some((m) =>
        m.startsWith("The 'lookup' function is in error: The binding type(s) 'cosmosDB, sql'"),
      ),
    );
    assert.equal(host.errors.length, 6);
    const banner = formatStartup(host, 0);
    assert.match(banner, /\tchanges: cosmosDBTrigger \(in error: The binding type\(s\) 'cosmosDBTrigger'/);
    assert.match(banner, /\tsdkClient: httpTrigger \(in error: The binding\(s\) 'client' ask for SDK types/);
  });

  it('serves, schedules and invokes none of them, and runs the others', async () => {
    assert.equal(await (await host.fetch('/api/hello')).text(), 'hello');
    assert.equal((await host.fetch('/api/lookup')).status, 404);
    assert.equal((await host.fetch('/api/sdkClient')).status, 404);
    await assert.rejects(host.invoke('changes', 'x'), /The 'changes' function is in error: The binding type/);
    await assert.rejects(host.invoke('nightly'), /'nightly' function is in error/);
    await assert.rejects(host.invoke('badPath', 'x'), /'badPath' function is in error/);
    // runOnStartup would have run it by the time the host started.
    assert.ok(!host.logs.some((r) => /nightly ran|Executing 'Functions\.nightly'/.test(r.message)));
  });

  it('lists them in the admin API, reports their errors, and refuses to run them', async () => {
    const list = (await (await host.fetch('/admin/functions')).json()) as { name: string }[];
    assert.deepEqual(list.map((fn) => fn.name).sort(), [
      'badPath',
      'changes',
      'gridBlob',
      'hello',
      'lookup',
      'nightly',
      'sdkClient',
    ]);
    const one = (await (await host.fetch('/admin/functions/changes')).json()) as { trigger: string };
    assert.equal(one.trigger, 'cosmosDBTrigger');
    const status = (await (await host.fetch('/admin/functions/Changes/status')).json()) as {
      errors?: string[];
    };
    assert.match(status.errors?.[0] ?? '', /'cosmosDBTrigger' are not supported/);
    assert.deepEqual(await (await host.fetch('/admin/functions/hello/status')).json(), {});
    const run = await host.fetch('/admin/functions/changes', { method: 'POST', body: '{"input":"x"}' });
    assert.equal(run.status, 404);
    assert.match(((await run.json()) as { error: string }).error, /'changes' function is in error/);
    assert.ok(!host.logs.some((r) => r.message === 'changes ran'));
  });
});
