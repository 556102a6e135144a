import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobItem, ContainerClient } from '@azure/storage-blob';
import type { FunctionInfo } from '../../functions/function-info.js';
import { HOSTS_CONTAINER } from '../../storage/blob-lease-lock.js';
import type { BindingContext, TriggerListener } from '../binding-extension.js';
import { encodeMessage } from '../queue/queue-encoding.js';
import { stringSetting } from '../queue/queue-output.js';
import { refuseDeferredBinding } from '../deferred-binding.js';
import { readBlobOptions, type BlobOptions } from './blob-options.js';
import { isStatus, takeReceipt, type HeldReceipt } from './blob-receipt.js';
import { blobTriggerInput } from './blob-trigger-input.js';
import { blobTriggerPattern, type BlobTriggerPattern } from './blob-trigger-pattern.js';

/** The dev-storage scan cadence of the reference host (BINDINGS.md 4.3). */
const SCAN_INTERVAL_MS = 2000;
/** Well within the receipt's one-minute lease. */
const RENEW_INTERVAL_MS = 20_000;
/** Where blobs that failed `poisonBlobThreshold` times are reported. */
export const BLOB_POISON_QUEUE = 'webjobs-blobtrigger-poison';

/**
 * Starts the blob trigger of a function: a scan of its container every 2 s, every blob on the first scan and
 * then those modified since, each version that matches the path run once across hosts through its receipt,
 * retried up to `poisonBlobThreshold` times and then reported on `webjobs-blobtrigger-poison`.
 *
 * @throws Error for a bad path, connection or `extensions.blobs` setting.
 */
export async function startBlobTriggerListener(
  fn: FunctionInfo,
  context: BindingContext,
): Promise<TriggerListener> {
  refuseDeferredBinding(fn.trigger);
  const path = fn.trigger.settings['path'];
  if (typeof path !== 'string' || path.trim() === '') throw new Error("The blob trigger has no 'path'.");
  const pattern = blobTriggerPattern(context.settings.resolve(path));
  const options = readBlobOptions(context.extensions);
  const connection = stringSetting(fn.trigger.settings['connection']);
  context.storage.resolve(connection);
  context.storage.resolve(undefined);
  const listener = new BlobTriggerListener(fn, pattern, connection, options, context);
  listener.start();
  return listener;
}

class BlobTriggerListener implements TriggerListener {
  readonly #fn: FunctionInfo;
  readonly #pattern: BlobTriggerPattern;
  readonly #connection: string | undefined;
  readonly #options: BlobOptions;
  readonly #context: BindingContext;
  readonly #stopping = new AbortController();
  /** Blob versions found but not finished (another host held them, or storage failed): looked at again. */
  readonly #pending = new Map<string, BlobItem>();
  /** Versions finished by this listener since the watermark's second: a scan sees them again. */
  readonly #finished = new Set<string>();
  #watermark = 0;
  #loop: Promise<void> = Promise.resolve();
  #failing = false;

  constructor(
    fn: FunctionInfo,
    pattern: BlobTriggerPattern,
    connection: string | undefined,
    options: BlobOptions,
    context: BindingContext,
  ) {
    this.#fn = fn;
    this.#pattern = pattern;
    this.#connection = connection;
    this.#options = options;
    this.#context = context;
  }

  start(): void {
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopping.signal.aborted) {
      try {
        await this.#scan();
        if (this.#failing) this.#log('Information', 'Blob scanning works again.');
        this.#failing = false;
      } catch (error) {
        if (!this.#failing) this.#log('Error', `Blob scanning failed: ${(error as Error).message}`);
        this.#failing = true;
      }
      try {
        await sleep(SCAN_INTERVAL_MS, undefined, { signal: this.#stopping.signal });
      } catch {
        return;
      }
    }
  }

  async #scan(): Promise<void> {
    const service = await this.#context.storage.blobService(this.#connection);
    const container = service.getContainerClient(this.#pattern.container);
    if (!(await container.exists())) return;
    // `>=` rather than the reference dev scanner's `>`, which can miss a blob written in the same second as
    // the newest one seen; receipts keep the versions seen twice from running twice.
    let newest = this.#watermark;
    for await (const item of container.listBlobsFlat({ includeMetadata: true })) {
      const modified = item.properties.lastModified.getTime();
      if (modified < this.#watermark) continue;
      newest = Math.max(newest, modified);
      this.#pending.set(versionKey(item), item);
    }
    if (newest > this.#watermark) this.#finished.clear();
    this.#watermark = newest;
    for (const [key, item] of this.#pending) {
      if (this.#stopping.signal.aborted) return;
      if (this.#finished.has(key)) {
        this.#pending.delete(key);
        continue;
      }
      if (await this.#process(container, item)) {
        this.#pending.delete(key);
        this.#finished.add(key);
      }
    }
  }

  /** Runs one blob version if it is this host's to run; false when it must be looked at again. */
  async #process(container: ContainerClient, item: BlobItem): Promise<boolean> {
    const params = this.#pattern.match(item.name);
    if (!params) return true;
    const hostService = await this.#context.storage.blobService(undefined);
    const hosts = hostService.getContainerClient(HOSTS_CONTAINER);
    const path = `blobreceipts/${this.#context.hostId}/Host.Functions.${this.#fn.name}/${quotedETag(item.properties.etag)}/${container.containerName}/${item.name}`;
    const receipt = await takeReceipt(hosts, path);
    if (receipt === 'done') return true;
    if (receipt === 'busy') return false;
    const renewal = setInterval(() => void receipt.renew().catch(() => undefined), RENEW_INTERVAL_MS);
    try {
      await this.#runTries(container, item, params, receipt);
      return true;
    } finally {
      clearInterval(renewal);
    }
  }

  async #runTries(
    container: ContainerClient,
    item: BlobItem,
    params: Readonly<Record<string, string>>,
    receipt: HeldReceipt,
  ): Promise<void> {
    const blob = container.getBlobClient(item.name);
    const threshold = this.#options.poisonBlobThreshold;
    for (let attempt = 1; attempt <= threshold; attempt++) {
      let content: Buffer;
      let properties;
      try {
        properties = await blob.getProperties();
        // A newer version is found by the next scan; this one is gone.
        if (quotedETag(properties.etag) !== quotedETag(item.properties.etag)) return await receipt.complete();
        content = await blob.downloadToBuffer(0, undefined, {
          conditions: { ifMatch: item.properties.etag },
        });
      } catch (error) {
        if (isStatus(error, 404, 412)) return await receipt.complete();
        await receipt.release();
        throw error;
      }
      const input = blobTriggerInput(this.#fn, {
        container: container.containerName,
        name: item.name,
        url: blob.url,
        properties,
        content,
        params,
      });
      const outcome = await this.#context.invoke(
        this.#fn,
        input,
        `New blob detected(${blobTypeName(item)}): ${container.containerName}/${item.name}`,
      );
      if (outcome.ok) return await receipt.complete();
      this.#log(
        'Warning',
        `Blob '${container.containerName}/${item.name}' failed in '${this.#fn.name}', attempt ${attempt} of ${threshold}: ${outcome.message}`,
      );
      if (this.#stopping.signal.aborted) return await receipt.release();
    }
    await this.#poison(container.containerName, item);
    await receipt.complete();
  }

  async #poison(containerName: string, item: BlobItem): Promise<void> {
    this.#log(
      'Error',
      `Blob '${containerName}/${item.name}' failed ${this.#options.poisonBlobThreshold} times in '${this.#fn.name}': moving it to queue '${BLOB_POISON_QUEUE}'.`,
    );
    const message = JSON.stringify({
      Type: 'BlobTrigger',
      FunctionId: `Host.Functions.${this.#fn.name}`,
      BlobType: blobTypeName(item),
      ContainerName: containerName,
      BlobName: item.name,
      ETag: quotedETag(item.properties.etag),
    });
    const queues = await this.#context.storage.queueService(this.#connection);
    const queue = queues.getQueueClient(BLOB_POISON_QUEUE);
    await queue.createIfNotExists();
    await queue.sendMessage(encodeMessage(Buffer.from(message), 'base64'));
  }

  #log(level: 'Information' | 'Warning' | 'Error', message: string): void {
    this.#context.logger.log(level, `Function.${this.#fn.name}`, message, { functionName: this.#fn.name });
  }
}

function versionKey(item: BlobItem): string {
  return `${quotedETag(item.properties.etag)}/${item.name}`;
}

/**
 * The ETag in its quoted header form, as the reference host writes it in receipts and messages: listings
 * give it bare, property reads quoted.
 */
function quotedETag(etag: string | undefined): string {
  const bare = (etag ?? '').replace(/^"|"$/g, '');
  return `"${bare}"`;
}

/** `BlockBlob`, `PageBlob` or `AppendBlob`, as the reference host names blob types. */
function blobTypeName(item: BlobItem): string {
  return item.properties.blobType ?? 'BlockBlob';
}
