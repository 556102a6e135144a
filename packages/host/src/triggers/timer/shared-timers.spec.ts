import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { startHost, type RunningHost } from '../../host.js';
import { startAzurite, type Azurite } from '../../storage/azurite.js';
import { eventually } from '../../testing/fixtures.js';

const HOST_ID = 'shared-timer-test';

/** A function.json app: `tick` every second, `hourly` once an hour (its status is kept). */
async function writeTimerApp(dir: string, storage: string): Promise<void> {
  const timer = async (name: string, schedule: string): Promise<void> => {
    await mkdir(join(dir, name), { recursive: true });
    const bindings = [{ type: 'timerTrigger', direction: 'in', name: 'timer', schedule }];
    await writeFile(join(dir, name, 'function.json'), JSON.stringify({ bindings }));
    await writeFile(
      join(dir, name, 'index.js'),
      `module.exports = async (context) => context.log('${name} ran');\n`,
    );
  };
  await writeFile(
    join(dir, 'host.json'),
    JSON.stringify({ version: '2.0', singleton: { listenerLockRecoveryPollingInterval: '00:00:15' } }),
  );
  await writeFile(
    join(dir, 'local.settings.json'),
    JSON.stringify({ Values: { FUNCTIONS_WORKER_RUNTIME: 'node', AzureWebJobsStorage: storage } }),
  );
  await timer('tick', '* * * * * *');
  await timer('hourly', '0 0 * * * *');
}

describe('timers on shared storage (two hosts, one host id, real Azurite)', { timeout: 120_000 }, () => {
  let dir: string;
  let azurite: Azurite;
  let hosts: RunningHost[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shared-timers-'));
    azurite = await startAzurite();
    await writeTimerApp(dir, azurite.connectionString);
    hosts = await Promise.all([0, 1].map(() => startHost({ appDir: dir, port: 0, hostId: HOST_ID })));
  });
  after(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ticks = (host: RunningHost): number => host.logs.filter((r) => r.message === 'tick ran').length;
  const container = (): ReturnType<BlobServiceClient['getContainerClient']> =>
    BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      'azure-webjobs-hosts',
    );

  it('runs each timer on one host only, holding the lease on its lock blob', async () => {
    await eventually(() => ticks(hosts[0]!) + ticks(hosts[1]!) >= 4, 30_000, 'four ticks');
    const counts = hosts.map(ticks);
    assert.equal(counts.filter((n) => n > 0).length, 1, `one host ticks: ${counts.join(', ')}`);
    const lock = await container()
      .getBlobClient(`locks/${HOST_ID}/Host.Functions.tick.Listener`)
      .getProperties();
    assert.equal(lock.leaseState, 'leased');
    assert.equal(lock.leaseDuration, 'fixed');
    assert.equal(hosts[0]!.status().id, HOST_ID, 'the status API reports the host id');
  });

  it('keeps the schedule status where the reference host does', async () => {
    const status = await container()
      .getBlobClient(`timers/${HOST_ID}/Host.Functions.hourly/status`)
      .downloadToBuffer();
    const json = JSON.parse(status.toString()) as { Next: string; Last: string; LastUpdated: string };
    assert.equal(new Date(json.Next).getUTCMinutes(), 0);
    assert.ok(new Date(json.Next).getTime() > Date.now());
  });

  it('hands the timer over when its host stops', async () => {
    const holder = hosts.findIndex((host) => ticks(host) > 0);
    const other = hosts[1 - holder]!;
    await hosts[holder]!.stop();
    await eventually(() => ticks(other) >= 2, 60_000, 'the other host to take the timer');
  });
});
