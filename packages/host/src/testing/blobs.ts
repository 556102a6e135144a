import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobServiceClient, type BlobClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, type Azurite } from '../storage/azurite.js';

/** Length and SHA-256 of some bytes, to compare blobs without holding them. */
export interface Digest {
  readonly length: number;
  readonly sha256: string;
}

const CHUNK = 1024 * 1024;

/**
 * Uploads `length` random-looking bytes in 4 MiB blocks from a stream, so the test itself holds only a few
 * MiB, and returns their digest.
 */
export async function uploadLargeBlob(
  container: ContainerClient,
  name: string,
  length: number,
): Promise<Digest> {
  await container.createIfNotExists();
  const block = randomBytes(CHUNK);
  const hash = createHash('sha256');
  const chunks = (function* () {
    for (let at = 0; at < length; at += CHUNK) {
      // Each MiB differs, so a misplaced chunk changes the digest.
      const chunk = Buffer.from(block.subarray(0, Math.min(CHUNK, length - at)));
      chunk.writeUInt32LE(at / CHUNK, 0);
      hash.update(chunk);
      yield chunk;
    }
  })();
  await container.getBlockBlobClient(name).uploadStream(Readable.from(chunks), 4 * CHUNK, 2);
  return { length, sha256: hash.digest('hex') };
}

/** The digest of a blob, read as a stream. */
export async function blobDigest(blob: BlobClient): Promise<Digest> {
  const { readableStreamBody } = await blob.download();
  const hash = createHash('sha256');
  let length = 0;
  for await (const chunk of readableStreamBody as AsyncIterable<Buffer>) {
    hash.update(chunk);
    length += chunk.length;
  }
  return { length, sha256: hash.digest('hex') };
}

/** A function that gives a container of the account the connection string names, created if missing. */
export function containersOf(connectionString: string): (name: string) => Promise<ContainerClient> {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  return async (name) => {
    const container = service.getContainerClient(name);
    await container.createIfNotExists();
    return container;
  };
}

/** Waits until a blob exists; false after `timeoutMs`. */
export async function blobAppears(blob: BlobClient, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await blob.exists())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

/**
 * Resets this process's peak resident set size (Linux `clear_refs` 5).
 *
 * @returns false where the system does not support it.
 */
export async function resetPeakRss(): Promise<boolean> {
  try {
    await writeFile('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** This process's peak resident set size in bytes since start or the last {@link resetPeakRss}. */
export async function peakRss(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8');
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return Number(kib ?? 0) * 1024;
}

/** What {@link createBlobApp} adds to its app. */
export interface BlobAppOptions {
  /** host.json `extensions.blobs`. */
  readonly blobs?: Record<string, unknown>;
  /** Adds `chain`, triggered by the reports `copy` writes to `runs`, which copies each to `chained`. */
  readonly chain?: boolean;
}

/**
 * Writes a function.json app (no package needed) in `dir`: `copy` runs for each blob of container
 * `incoming` (connection `Storage`) and writes a report `{"text", "pid", "started", "ended"}` (times in ms) to
 * `runs/<name>/<guid>.json`, one per run; for a blob whose name starts with `slow` it takes 4 s first.
 */
async function writeBlobApp(
  dir: string,
  values: Record<string, string>,
  options: BlobAppOptions,
): Promise<void> {
  await mkdir(join(dir, 'copy'), { recursive: true });
  const extensions = options.blobs ? { blobs: options.blobs } : {};
  await writeFile(join(dir, 'host.json'), JSON.stringify({ version: '2.0', extensions }));
  await writeFile(
    join(dir, 'local.settings.json'),
    JSON.stringify({ Values: { FUNCTIONS_WORKER_RUNTIME: 'node', ...values } }),
  );
  const bindings = [
    { type: 'blobTrigger', direction: 'in', name: 'content', path: 'incoming/{name}', connection: 'Storage' },
    {
      type: 'blob',
      direction: 'out',
      name: 'report',
      path: 'runs/{name}/{rand-guid}.json',
      connection: 'Storage',
    },
  ];
  await writeFile(join(dir, 'copy', 'function.json'), JSON.stringify({ bindings }));
  await writeFile(
    join(dir, 'copy', 'index.js'),
    'module.exports = async function (context, content) {\n' +
      '  const started = Date.now();\n' +
      "  if (context.bindingData.name.startsWith('slow')) await new Promise((resolve) => setTimeout(resolve, 4000));\n" +
      '  const report = { text: content.toString(), pid: process.pid, started, ended: Date.now() };\n' +
      '  context.bindings.report = JSON.stringify(report);\n' +
      '};\n',
  );
  if (options.chain) await writeChain(dir);
}

/** `chain`: each blob of `runs` copied as it is to `chained`. */
async function writeChain(dir: string): Promise<void> {
  await mkdir(join(dir, 'chain'), { recursive: true });
  const bindings = [
    { type: 'blobTrigger', direction: 'in', name: 'content', path: 'runs/{name}', connection: 'Storage' },
    { type: 'blob', direction: 'out', name: 'copy', path: 'chained/{name}', connection: 'Storage' },
  ];
  await writeFile(join(dir, 'chain', 'function.json'), JSON.stringify({ bindings }));
  await writeFile(
    join(dir, 'chain', 'index.js'),
    'module.exports = async function (context, content) {\n  context.bindings.copy = content;\n};\n',
  );
}

/** One run of {@link writeBlobApp}'s `copy`: the blob's text, the worker's pid, and when it ran (ms). */
export interface BlobRun {
  readonly text: string;
  readonly pid: number;
  readonly started: number;
  readonly ended: number;
}

/** The reports {@link writeBlobApp}'s `copy` wrote for a blob, one per run. */
export async function blobRuns(runs: ContainerClient, name: string): Promise<BlobRun[]> {
  if (!(await runs.exists())) return [];
  const reports: BlobRun[] = [];
  for await (const blob of runs.listBlobsFlat({ prefix: `${name}/` }))
    reports.push(JSON.parse((await runs.getBlobClient(blob.name).downloadToBuffer()).toString()));
  return reports;
}

/** {@link writeBlobApp}'s app in a temporary folder, on an Azurite of its own. */
export interface BlobApp {
  readonly dir: string;
  readonly azurite: Azurite;
  /** The container `copy` is triggered by (created). */
  readonly incoming: ContainerClient;
  /** Where `copy` writes its reports. */
  readonly runs: ContainerClient;
  /** Where `chain` copies them, with {@link BlobAppOptions.chain}. */
  readonly chained: ContainerClient;
  /** Stops the Azurite and removes the folder. */
  dispose(): Promise<void>;
}

/** Starts an in-memory Azurite and writes {@link writeBlobApp}'s app for it into a new temporary folder. */
export async function createBlobApp(prefix: string, options: BlobAppOptions = {}): Promise<BlobApp> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const azurite = await startAzurite();
  const storage = azurite.connectionString;
  await writeBlobApp(dir, { Storage: storage, AzureWebJobsStorage: storage }, options);
  const service = BlobServiceClient.fromConnectionString(storage);
  const incoming = service.getContainerClient('incoming');
  await incoming.createIfNotExists();
  return {
    dir,
    azurite,
    incoming,
    runs: service.getContainerClient('runs'),
    chained: service.getContainerClient('chained'),
    dispose: async () => {
      await azurite.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
