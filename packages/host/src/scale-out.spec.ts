import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAzurite, type Azurite } from './storage/azurite.js';
import { CLI_ENTRY } from './testing/fixtures.js';
import { drainQueue, sendMessages, writeQueueApp } from './testing/queues.js';

/** 3,000; fewer with FNRPC_SCALE_OUT_MESSAGES, for a quick look on a busy machine. */
const MESSAGES = Number(process.env['FNRPC_SCALE_OUT_MESSAGES'] ?? 3000);
/** Our shorter message lease (`fnrpcMessageLease`), so the killed host's messages come back within the test. */
const LEASE = '00:00:30';
const LEASE_MS = 30_000;

/** `fnrpc start` in its own process group, so that a SIGKILL to the group takes its worker along, as a machine loss does. */
function startCli(appDir: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [CLI_ENTRY, 'start', appDir, '--port', '0', '--no-watch'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', () => {
      if (output.includes('Host listening on')) resolve({ child, output: () => output });
    });
    child.once('exit', () => reject(new Error(`fnrpc exited early:\n${output}`)));
  });
}

describe('scale-out: three fnrpc hosts on one Azurite', { timeout: 900_000 }, () => {
  let dir: string;
  let azurite: Azurite;
  const hosts: ChildProcess[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scale-out-'));
    azurite = await startAzurite();
    await writeQueueApp(dir, {
      values: { AzureWebJobsStorage: azurite.connectionString },
      queues: { fnrpcMessageLease: LEASE, maxPollingInterval: '00:00:01' },
      singleton: { listenerLockRecoveryPollingInterval: '00:00:15' },
      echoDelayMs: 5,
      tick: true,
    });
  });
  after(async () => {
    for (const child of hosts)
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('processes every message once killed host or not, and fires the timer on one host at a time', async (t) => {
    const started = await Promise.all([0, 1, 2].map(() => startCli(dir)));
    hosts.push(...started.map((s) => s.child));
    const ids = Array.from({ length: MESSAGES }, (_, i) => `m-${i}`);
    const sending = sendMessages(azurite.connectionString, 'work', ids);
    // Let the hosts work a while, then take one down hard while it has messages in flight.
    const seen: string[] = [];
    while (seen.length < MESSAGES / 3)
      seen.push(...(await drainQueue(azurite.connectionString, 'done', 1, 5000)));
    const victim = started[0]!;
    process.kill(-victim.child.pid!, 'SIGKILL');
    const killedAt = Date.now();
    await sending;
    const deadline = Date.now() + 600_000;
    // Until all are done, and past the lease of what the killed host held, so its duplicates are counted too.
    const settled = killedAt + LEASE_MS + 15_000;
    while ((new Set(seen).size < MESSAGES || Date.now() < settled) && Date.now() < deadline)
      seen.push(...(await drainQueue(azurite.connectionString, 'done', MESSAGES, 2000)));
    const unique = new Set(seen);
    const lost = ids.filter((id) => !unique.has(id));
    t.diagnostic(
      `${MESSAGES} messages, ${seen.length} outputs, ${unique.size} unique, ${seen.length - unique.size} duplicates (messages in flight in the killed host), read until ${Math.round((Date.now() - killedAt) / 1000)} s after the kill`,
    );
    assert.deepEqual(lost, [], 'no message lost');
    // At most what one host keeps in flight: batchSize + newBatchThreshold (16 + 8 per core).
    const inFlight = 16 + 8 * availableParallelism();
    assert.ok(
      seen.length - unique.size <= inFlight,
      `duplicates only for what the killed host had in flight (${inFlight})`,
    );

    const ticks = (await drainQueue(azurite.connectionString, 'ticks', 1000, 3000)).map(
      (text) => JSON.parse(text) as { at: number; pid: number },
    );
    const pidsBySecond = new Map<number, Set<number>>();
    for (const { at, pid } of ticks) {
      const second = Math.round(at / 1000);
      pidsBySecond.set(second, (pidsBySecond.get(second) ?? new Set()).add(pid));
    }
    const shared = [...pidsBySecond.values()].filter((pids) => pids.size > 1).length;
    t.diagnostic(
      `${ticks.length} timer ticks over ${pidsBySecond.size} seconds, from ${new Set(ticks.map((tick) => tick.pid)).size} worker(s)`,
    );
    assert.ok(ticks.length >= 5, 'the timer fired');
    // If the killed host held the timer, another took it over (lease 15 s + recovery 15 s): it goes on.
    assert.ok(
      ticks.some((tick) => tick.at > killedAt + 2000),
      'the timer fires after the kill',
    );
    assert.equal(shared, 0, 'no second fired on two hosts');
  });
});
