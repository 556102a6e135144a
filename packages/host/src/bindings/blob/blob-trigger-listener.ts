import type { BlobItem, ContainerClient } from '@azure/storage-blob';
import type { FunctionInfo } from '../../functions/function-info.js';
import { HOSTS_CONTAINER } from '../../storage/blob-lease-lock.js';
import type { BindingContext, TriggerListener } from '../binding-extension.js';
import { encodeMessage } from '../queue/queue-encoding.js';
import { stringSetting } from '../queue/queue-output.js';
import { readBlobOptions, type BlobOptions } from './blob-options.js';
import { BlobTooLargeError, downloadVersion } from './blob-download.js';
import { isStatus, takeReceipt, type HeldReceipt } from './blob-receipt.js';
import { blobTriggerInput, type TriggeringBlobProperties } from './blob-trigger-input.js';
import { blobTriggerPattern, type BlobTriggerPattern } from './blob-trigger-pattern.js';

/** Well within the receipt's one-minute lease. */
const RENEW_INTERVAL_MS = 20_000;
/** How the log names what fails. */
const WHAT = { scan: 'scanning', run: 'processing' } as const;
/** Where blobs that failed `poisonBlobThreshold` times are reported. */
export const BLOB_POISON_QUEUE = 'webjobs-blobtrigger-poison';

/**
 * Starts the blob trigger of a function: a scan of its container every 2 s (at once when a blob output of
 * this host writes to it), every blob on the first scan and then those modified since, up to
 * `maxDegreeOfParallelism` versions at once, each version that matches the path run once across hosts
 * through its receipt, retried up to `poisonBlobThreshold` times and then reported on
 * `webjobs-blobtrigger-poison`.
 *
 * @throws Error for a bad path, connection or `extensions.blobs` setting.
 */
export async function startBlobTriggerListener(
  fn: FunctionInfo,
  context: BindingContext,
): Promise<TriggerListener> {
  // The blob extension's triggerError has put a function without a well-formed path in error already;
  // what is checked here is the path with its %settings% resolved.
  const pattern = blobTriggerPattern(context.settings.resolve(String(fn.trigger.settings['path'])));
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
  /** Blob versions found and waiting for a free slot. */
  readonly #pending = new Map<string, BlobItem>();
  /** Blob versions being worked on, at most `maxDegreeOfParallelism`. */
  readonly #running = new Map<string, Promise<void>>();
  /** Versions not finished (another host held them, or storage failed): looked at again on the next scan. */
  readonly #again = new Map<string, BlobItem>();
  /** Versions finished by this listener since the watermark's second: a scan sees them again. */
  readonly #finished = new Set<string>();
  #watermark = 0;
  #loop: Promise<void> = Promise.resolve();
  /** What fails now (the scan, the runs), so that an outage is logged once and its end too. */
  readonly #failing = new Set<'scan' | 'run'>();
  /** Wakes the wait between scans: a blob output of this host wrote to the container. */
  #wake: (() => void) | undefined;
  /** A write was told while a scan ran: the next scan starts without waiting. */
  #woken = false;
  #unsubscribe: (() => void) | undefined;

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
    this.#unsubscribe?.();
    this.#wake?.();
    await this.#loop;
    await Promise.all(this.#running.values());
  }

  async #run(): Promise<void> {
    while (!this.#stopping.signal.aborted) {
      try {
        await this.#scan();
        this.#works('scan');
      } catch (error) {
        this.#fails('scan', error);
      }
      await this.#pause();
    }
  }

  /** Waits the scan interval, or less when this host writes a blob to the container, or the listener stops. */
  async #pause(): Promise<void> {
    if (this.#stopping.signal.aborted) return;
    if (this.#woken) return void (this.#woken = false);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.#options.scanIntervalMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
    this.#woken = false;
  }

  async #scan(): Promise<void> {
    const service = await this.#context.storage.blobService(this.#connection);
    const container = service.getContainerClient(this.#pattern.container);
    // Not once stopping: stop() has unsubscribed already.
    if (!this.#stopping.signal.aborted)
      this.#unsubscribe ??= this.#context.blobWrites.onWritten(container.url, () => {
        this.#woken = true;
        this.#wake?.();
      });
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
    for (const [key, item] of this.#again) this.#pending.set(key, item);
    this.#again.clear();
    this.#fill(container);
  }

  /**
   * Starts pending versions while fewer than `maxDegreeOfParallelism` run, as the reference host's blob queue
   * listener keeps that many in flight; each one that ends makes room for the next.
   */
  #fill(container: ContainerClient): void {
    for (const [key, item] of this.#pending) {
      if (this.#stopping.signal.aborted || this.#running.size >= this.#options.maxDegreeOfParallelism) return;
      this.#pending.delete(key);
      if (this.#finished.has(key) || this.#running.has(key)) continue;
      const work = this.#process(container, item).then(
        (done) => {
          this.#works('run');
          if (done) this.#finished.add(key);
          else this.#again.set(key, item);
        },
        (error: unknown) => {
          this.#again.set(key, item);
          this.#fails('run', error);
        },
      );
      this.#running.set(
        key,
        work.finally(() => {
          this.#running.delete(key);
          this.#fill(container);
        }),
      );
    }
  }

  #works(what: 'scan' | 'run'): void {
    if (this.#failing.delete(what)) this.#log('Information', `Blob ${WHAT[what]} works again.`);
  }

  #fails(what: 'scan' | 'run', error: unknown): void {
    if (!this.#failing.has(what))
      this.#log('Error', `Blob ${WHAT[what]} failed: ${(error as Error).message}`);
    this.#failing.add(what);
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
      const read = await this.#read(container, item, receipt);
      if (!read) return;
      const { properties, content } = read;
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
    await this.#poison(container.containerName, item, `it failed ${threshold} times in '${this.#fn.name}'.`);
    await receipt.complete();
  }

  /**
   * The listed version's properties and bytes, in one read pinned to its ETag; undefined when it is finished
   * without a run (changed, gone or too large, the receipt completed).
   *
   * @throws Error when storage fails; the receipt is released for a later try.
   */
  async #read(
    container: ContainerClient,
    item: BlobItem,
    receipt: HeldReceipt,
  ): Promise<{ properties: TriggeringBlobProperties; content: Buffer } | undefined> {
    const blob = container.getBlobClient(item.name);
    try {
      const { properties, content } = await downloadVersion(
        blob,
        { contentLength: item.properties.contentLength, etag: quotedETag(item.properties.etag) },
        this.#context.maxMessageLength,
      );
      return {
        properties: { ...pickProperties(properties), accessTier: item.properties.accessTier },
        content,
      };
    } catch (error) {
      // 412: written after the listing (If-Match on the listed ETag); 404: deleted since.
      if (isStatus(error, 404, 412)) return await this.#skipChanged(container.containerName, item, receipt);
      if (error instanceof BlobTooLargeError) {
        // No try can make it fit: it goes to the poison queue at once, with the reason in the log.
        await this.#poison(container.containerName, item, error.message);
        return void (await receipt.complete());
      }
      await receipt.release();
      throw error;
    }
  }

  /**
   * The listed version was overwritten or deleted before it could be read: as the reference host does, it is
   * done without a run, and the next scan finds the new version (its LastModified is past the watermark).
   */
  async #skipChanged(containerName: string, item: BlobItem, receipt: HeldReceipt): Promise<undefined> {
    this.#log(
      'Information',
      `Blob '${containerName}/${item.name}' changed or went away since it was listed (ETag ${quotedETag(item.properties.etag)}); the next scan takes its new version.`,
    );
    await receipt.complete();
  }

  async #poison(containerName: string, item: BlobItem, why: string): Promise<void> {
    this.#log(
      'Error',
      `Blob '${containerName}/${item.name}' is moved to queue '${BLOB_POISON_QUEUE}': ${why}`,
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

/** The properties a download's headers give (getters on the SDK's response: a spread would lose them). */
function pickProperties(response: TriggeringBlobProperties): TriggeringBlobProperties {
  const { lastModified, createdOn, metadata, blobType, contentLength, contentType } = response;
  const { contentEncoding, contentLanguage, contentMD5, etag } = response;
  return {
    lastModified,
    createdOn,
    metadata,
    blobType,
    contentLength,
    contentType,
    contentEncoding,
    contentLanguage,
    contentMD5,
    etag,
  };
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
