import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { startAzurite, startHost } from '@functions-rpc/host';
import type { BenchOptions } from '../options.js';
import { repoPath } from '../paths.js';
import { row, type ItemOutcome } from '../report/row.js';
import { percentile } from '../stats.js';

const APP = repoPath('bench/apps/queue-echo');
/** Messages sent at once, as a producer with a few connections would. */
const SEND_CONCURRENCY = 16;

/**
 * Item 5: messages per second end to end through a queue-triggered function with a queue output (send to
 * `bench-in`, the host runs `echo`, which puts each on `bench-out`, read back), beside the same SDK sending and
 * reading the same number of messages on one queue with no host; and, one message at a time, the time from
 * enqueue to the function starting (p50/p99), which the listener's polling back-off governs as in the reference
 * host. One in-memory Azurite for both.
 */
export async function queueItem(options: BenchOptions): Promise<ItemOutcome[]> {
  const count = options.smoke ? 40 : 1000;
  const samples = options.smoke ? 3 : 30;
  const azurite = await startAzurite();
  try {
    const service = QueueServiceClient.fromConnectionString(azurite.connectionString);
    const baselineRate = await sdkRate(service.getQueueClient('baseline'), count);
    const host = await startHost({
      appDir: APP,
      port: 0,
      env: { ...process.env, AzureWebJobsStorage: azurite.connectionString },
    });
    try {
      const input = service.getQueueClient('bench-in');
      const output = service.getQueueClient('bench-out');
      await Promise.all([input.createIfNotExists(), output.createIfNotExists()]);
      const hostRate = await hostRateOf(input, output, count);
      const latencies = await startLatencies(input, output, samples);
      const baseline = { subject: 'SDK send+receive', value: baselineRate };
      return [
        {
          item: 'queue',
          status: 'ok',
          rows: [
            row('queue', 'queue trigger + output', 'msgs/s', hostRate, baseline),
            row('queue', 'enqueue to start', 'p50 ms', percentile(latencies, 50)),
            row('queue', 'enqueue to start', 'p99 ms', percentile(latencies, 99)),
          ],
          raw: { count, baselineRate, hostRate, latencies },
        },
      ];
    } finally {
      await host.stop();
    }
  } finally {
    await azurite.stop();
  }
}

/** The SDK alone: send `count` messages, then receive and delete them all. */
async function sdkRate(queue: QueueClient, count: number): Promise<number> {
  await queue.createIfNotExists();
  const began = performance.now();
  await send(
    queue,
    Array.from({ length: count }, (_, i) => `m-${i}`),
  );
  await drain(queue, count);
  return count / ((performance.now() - began) / 1000);
}

/** Through the host: send `count` messages to the input queue, read all of the function's outputs. */
async function hostRateOf(input: QueueClient, output: QueueClient, count: number): Promise<number> {
  const began = performance.now();
  await Promise.all([
    send(
      input,
      Array.from({ length: count }, (_, i) => `m-${i}`),
    ),
    drain(output, count),
  ]);
  return count / ((performance.now() - began) / 1000);
}

/** One message at a time: from the send to the function's start, as the function reports it. */
async function startLatencies(input: QueueClient, output: QueueClient, samples: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const sentAt = Date.now();
    await send(input, [`latency-${i}`]);
    const [reply] = await drain(output, 1);
    const { startedAt } = JSON.parse(reply!) as { startedAt: number };
    latencies.push(startedAt - sentAt);
  }
  return latencies;
}

async function send(queue: QueueClient, bodies: readonly string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += SEND_CONCURRENCY)
    await Promise.all(
      bodies
        .slice(i, i + SEND_CONCURRENCY)
        .map((body) => queue.sendMessage(Buffer.from(body).toString('base64'))),
    );
}

/** How long a drain may wait: a function that fails would otherwise leave it waiting for ever. */
const DRAIN_TIMEOUT_MS = 300_000;

/** Receives and deletes `count` messages; their bodies, base64-decoded. */
async function drain(queue: QueueClient, count: number): Promise<string[]> {
  const bodies: string[] = [];
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (bodies.length < count) {
    if (Date.now() > deadline)
      throw new Error(`Only ${bodies.length} of ${count} messages arrived on '${queue.name}'.`);
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(
      receivedMessageItems.map((item) => queue.deleteMessage(item.messageId, item.popReceipt)),
    );
    bodies.push(...receivedMessageItems.map((item) => Buffer.from(item.messageText, 'base64').toString()));
  }
  return bodies;
}
