import { setTimeout as sleep } from 'node:timers/promises';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, startHost } from '@functions-rpc/host';
import type { BenchOptions } from '../options.js';
import { repoPath } from '../paths.js';
import { row, type ItemOutcome } from '../report/row.js';
import { percentile } from '../stats.js';

const APP = repoPath('bench/apps/blob-copy');
/** Requests in flight at once, as a client with a few connections would send them. */
const CONCURRENCY = 16;
/** The host's scan interval in development storage: each latency sample waits a random part of it first. */
const SCAN_INTERVAL_MS = 2000;
/** How long the outputs may take to appear: a function that fails would otherwise leave the run waiting. */
const OUTPUT_TIMEOUT_MS = 300_000;
/** Each blob's content: small, so the figures are about the path around the function, not the bytes. */
const BODY = Buffer.alloc(1024, 'x');

/**
 * The blob item: blobs per second through a blob-triggered function that reads each blob and writes a copy (upload to
 * `bench-in`, the host's scanner finds it and runs `copy`, whose blob output writes `bench-out`), beside the
 * storage SDK alone doing the same uploads, list, downloads and uploads, 16 at a time and one at a time; and,
 * one blob at a time, the time from the upload to the function starting (p50/p99), which the scan interval
 * governs. One in-memory Azurite for all.
 */
export async function blobItem(options: BenchOptions): Promise<ItemOutcome[]> {
  const count = options.smoke ? 20 : 200;
  const samples = options.smoke ? 2 : 30;
  const azurite = await startAzurite();
  try {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const concurrent = await sdkRate(service, 'sdk16', count, CONCURRENCY);
    const serial = await sdkRate(service, 'sdk1', count, 1);
    const input = service.getContainerClient('bench-in');
    const output = service.getContainerClient('bench-out');
    await Promise.all([input.createIfNotExists(), output.createIfNotExists()]);
    const host = await startHost({
      appDir: APP,
      port: 0,
      env: { ...process.env, AzureWebJobsStorage: azurite.connectionString },
    });
    try {
      // Latency first, while the container is small: every scan lists all of it.
      const latencies = await startLatencies(input, output, samples);
      const hostRate = await hostRateOf(input, output, count);
      const subject = 'blob trigger + output';
      return [
        {
          item: 'blob',
          status: 'ok',
          rows: [
            row('blob', subject, 'blobs/s', hostRate, {
              subject: 'SDK alone, 16 at a time',
              value: concurrent,
            }),
            row('blob', subject, 'blobs/s', hostRate, { subject: 'SDK alone, one at a time', value: serial }),
            row('blob', 'upload to start', 'p50 ms', percentile(latencies, 50)),
            row('blob', 'upload to start', 'p99 ms', percentile(latencies, 99)),
            row('blob', 'upload to start', 'min ms', Math.min(...latencies)),
          ],
          raw: { count, concurrent, serial, hostRate, latencies },
        },
      ];
    } finally {
      await host.stop();
    }
  } finally {
    await azurite.stop();
  }
}

/**
 * The SDK alone: upload `count` blobs, then list them, download each and upload its stamped copy to another
 * container, `concurrency` at a time: the reads and writes the host and the function make, without receipts.
 */
async function sdkRate(
  service: BlobServiceClient,
  prefix: string,
  count: number,
  concurrency: number,
): Promise<number> {
  const input = service.getContainerClient(`${prefix}-in`);
  const output = service.getContainerClient(`${prefix}-out`);
  await Promise.all([input.createIfNotExists(), output.createIfNotExists()]);
  const began = performance.now();
  await upload(input, names(count));
  const listed: string[] = [];
  for await (const blob of input.listBlobsFlat()) listed.push(blob.name);
  await inBatches(listed, concurrency, async (name) => {
    const content = await input.getBlobClient(name).downloadToBuffer();
    await output.getBlockBlobClient(name).uploadData(stamped(content));
  });
  return count / ((performance.now() - began) / 1000);
}

/** Through the host: upload `count` blobs to the input container; wait until all their copies are listed. */
async function hostRateOf(input: ContainerClient, output: ContainerClient, count: number): Promise<number> {
  const began = performance.now();
  await Promise.all([upload(input, names(count)), waitForCount(output, 'blob-', count)]);
  return count / ((performance.now() - began) / 1000);
}

/**
 * One blob at a time, each after a random part of the scan interval (uploads do not wait for the scanner):
 * from the upload's start to the function's start, as its copy's first line says.
 */
async function startLatencies(
  input: ContainerClient,
  output: ContainerClient,
  samples: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    await sleep(Math.random() * SCAN_INTERVAL_MS);
    const name = `latency-${i}`;
    const sentAt = Date.now();
    await upload(input, [name]);
    const copy = await waitForBlob(output, name);
    latencies.push(Number(copy.subarray(0, copy.indexOf('\n')).toString()) - sentAt);
  }
  return latencies;
}

function names(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `blob-${i}`);
}

/** What the function writes: when it started, a newline, the blob it read. */
function stamped(content: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${Date.now()}\n`), content]);
}

function upload(container: ContainerClient, blobNames: readonly string[]): Promise<void> {
  return inBatches(blobNames, CONCURRENCY, (name) =>
    container
      .getBlockBlobClient(name)
      .uploadData(BODY)
      .then(() => undefined),
  );
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  each: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

/** Lists the container until it holds `count` blobs under `prefix`. */
async function waitForCount(container: ContainerClient, prefix: string, count: number): Promise<void> {
  const deadline = Date.now() + OUTPUT_TIMEOUT_MS;
  for (;;) {
    let found = 0;
    for await (const page of container.listBlobsFlat({ prefix }).byPage({ maxPageSize: 5000 }))
      found += page.segment.blobItems.length;
    if (found >= count) return;
    if (Date.now() > deadline)
      throw new Error(`Only ${found} of ${count} blobs arrived in '${container.containerName}'.`);
    await sleep(100);
  }
}

/** The content of a blob once it exists. */
async function waitForBlob(container: ContainerClient, name: string): Promise<Buffer> {
  const blob = container.getBlobClient(name);
  const deadline = Date.now() + OUTPUT_TIMEOUT_MS;
  while (!(await blob.exists())) {
    if (Date.now() > deadline) throw new Error(`'${container.containerName}/${name}' never arrived.`);
    await sleep(20);
  }
  return blob.downloadToBuffer();
}
