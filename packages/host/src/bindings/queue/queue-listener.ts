import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import type { InvocationOutcome } from '../../channel/invocation-outcome.js';
import type { FunctionInfo } from '../../functions/function-info.js';
import type { BindingContext, TriggerListener } from '../binding-extension.js';
import { PollingBackoff } from './polling-backoff.js';
import { decodeMessage } from './queue-encoding.js';
import { poisonQueueName, resolveQueueName } from './queue-names.js';
import { readQueueOptions, type QueueOptions } from './queue-options.js';
import { stringSetting } from './queue-output.js';
import { queueSection } from './queue-section.js';
import { queueTriggerInput } from './queue-trigger-input.js';

/**
 * Starts listening to the queue of a queue-triggered function, as the reference listener does
 * (BINDINGS.md 2.3, 2.4): batches of `batchSize` kept invisible while they run, the next batch once no more
 * than `newBatchThreshold` run, back-off while the queue is empty or storage fails, delete on success, retry
 * after `visibilityTimeout` on failure, `<queue>-poison` after `maxDequeueCount` tries.
 *
 * @throws Error for a bad queue name, connection or queue settings.
 */
export async function startQueueListener(
  fn: FunctionInfo,
  context: BindingContext,
): Promise<TriggerListener> {
  const queueName = resolveQueueName(fn.trigger.settings['queueName'], context.settings);
  const options = readQueueOptions(queueSection(context.extensions), context.settings);
  const connection = stringSetting(fn.trigger.settings['connection']);
  context.storage.resolve(connection);
  const listener = new QueueListener(fn, queueName, connection, options, context);
  listener.start();
  return listener;
}

class QueueListener implements TriggerListener {
  readonly #fn: FunctionInfo;
  readonly #queueName: string;
  readonly #poisonName: string | undefined;
  readonly #connection: string | undefined;
  readonly #options: QueueOptions;
  readonly #context: BindingContext;
  readonly #backoff: PollingBackoff;
  readonly #inFlight = new Set<Promise<void>>();
  #queue: QueueClient | undefined;
  #loop: Promise<void> = Promise.resolve();
  #stopped = false;
  #wake: (() => void) | undefined;
  #unsubscribe: (() => void) | undefined;
  /** Set while storage fails, so the outage is logged once and its end too. */
  #failing = false;

  constructor(
    fn: FunctionInfo,
    queueName: string,
    connection: string | undefined,
    options: QueueOptions,
    context: BindingContext,
  ) {
    this.#fn = fn;
    this.#queueName = queueName;
    this.#poisonName = poisonQueueName(queueName);
    this.#connection = connection;
    this.#options = options;
    this.#context = context;
    this.#backoff = new PollingBackoff(options.maxPollingIntervalMs);
  }

  start(): void {
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    this.#unsubscribe?.();
    await this.#loop;
    await Promise.all(this.#inFlight);
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      let messages: DequeuedMessageItem[];
      let queue: QueueClient;
      try {
        queue = await this.#queueClient();
        const received = await queue.receiveMessages({
          numberOfMessages: this.#options.batchSize,
          visibilityTimeout: Math.round(this.#options.messageLeaseMs / 1000),
        });
        messages = received.receivedMessageItems;
        this.#reachable();
      } catch (error) {
        this.#unreachable(error);
        await this.#pause();
        continue;
      }
      if (messages.length === 0) {
        await this.#pause();
        continue;
      }
      this.#backoff.reset();
      for (const message of messages) this.#track(this.#process(queue, message));
      while (this.#inFlight.size > this.#options.newBatchThreshold) await Promise.race(this.#inFlight);
    }
  }

  /** The queue, created when missing; asked again after a storage failure. */
  async #queueClient(): Promise<QueueClient> {
    if (this.#queue) return this.#queue;
    const service = await this.#context.storage.queueService(this.#connection);
    const queue = service.getQueueClient(this.#queueName);
    await queue.createIfNotExists();
    this.#unsubscribe ??= this.#context.queueActivity.onWritten(queue.url, () => this.#wake?.());
    this.#queue = queue;
    return queue;
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  /** Waits the back-off, or less when a message is written to the queue in this host, or the listener stops. */
  async #pause(): Promise<void> {
    if (this.#stopped) return;
    const ms = this.#backoff.next();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
  }

  async #process(queue: QueueClient, message: DequeuedMessageItem): Promise<void> {
    const { maxDequeueCount, messageEncoding } = this.#options;
    if (message.dequeueCount > maxDequeueCount && this.#poisonName) {
      return this.#toPoison(queue, message, `Message has reached MaxDequeueCount of ${maxDequeueCount}.`);
    }
    const body = decodeMessage(message.messageText, messageEncoding);
    if (!body) {
      this.#log(
        'Warning',
        `Message decoding has failed! Check MessageEncoding settings. (message ${message.messageId} of queue '${this.#queueName}')`,
      );
      return this.#toPoison(queue, message, 'Its text is not base64.');
    }
    let popReceipt = message.popReceipt;
    const leaseSeconds = Math.round(this.#options.messageLeaseMs / 1000);
    const renewal = setInterval(() => {
      queue.updateMessage(message.messageId, popReceipt, undefined, leaseSeconds).then(
        (updated) => void (popReceipt = updated.popReceipt ?? popReceipt),
        (error: unknown) => {
          clearInterval(renewal);
          this.#log(
            'Warning',
            `The invisibility of message ${message.messageId} of queue '${this.#queueName}' could not be renewed; another host may run it too: ${(error as Error).message}`,
          );
        },
      );
    }, this.#options.messageLeaseMs / 2).unref();
    const input = queueTriggerInput(this.#fn, {
      messageId: message.messageId,
      popReceipt,
      dequeueCount: message.dequeueCount,
      insertedOn: message.insertedOn,
      expiresOn: message.expiresOn,
      nextVisibleOn: message.nextVisibleOn,
      body,
    });
    const outcome = await this.#context.invoke(
      this.#fn,
      input,
      `New queue message detected on '${this.#queueName}'.`,
    );
    clearInterval(renewal);
    await this.#complete(queue, { ...message, popReceipt }, outcome);
    this.#context.queueActivity.ran({ queueUrl: queue.url, messageId: message.messageId, outcome });
  }

  async #complete(
    queue: QueueClient,
    message: DequeuedMessageItem,
    outcome: InvocationOutcome,
  ): Promise<void> {
    const { maxDequeueCount, visibilityTimeoutMs } = this.#options;
    if (outcome.ok)
      return this.#settle(queue.deleteMessage(message.messageId, message.popReceipt), message, 'delete');
    const attempt = `attempt ${message.dequeueCount} of ${maxDequeueCount}`;
    this.#log(
      'Warning',
      `Function '${this.#fn.name}' failed for message ${message.messageId} of queue '${this.#queueName}' (${attempt}): ${outcome.message}`,
    );
    if (this.#poisonName && message.dequeueCount >= maxDequeueCount)
      return this.#toPoison(queue, message, `Message has reached MaxDequeueCount of ${maxDequeueCount}.`);
    // Without a poison queue the message stays invisible until its lease ends: no fast endless loop.
    if (!this.#poisonName) return;
    const seconds = Math.round(visibilityTimeoutMs / 1000);
    await this.#settle(
      queue.updateMessage(message.messageId, message.popReceipt, undefined, seconds),
      message,
      'release',
    );
  }

  /** Copies the message text as stored to the poison queue (created when missing), then deletes it. */
  async #toPoison(queue: QueueClient, message: DequeuedMessageItem, why: string): Promise<void> {
    const poisonName = this.#poisonName!;
    try {
      const service = await this.#context.storage.queueService(this.#connection);
      const poison = service.getQueueClient(poisonName);
      await poison.createIfNotExists();
      await poison.sendMessage(message.messageText);
      this.#log('Warning', `${why} Moving message ${message.messageId} to queue '${poisonName}'.`);
      await this.#settle(queue.deleteMessage(message.messageId, message.popReceipt), message, 'delete');
    } catch (error) {
      this.#log(
        'Error',
        `Message ${message.messageId} could not be moved to '${poisonName}': ${(error as Error).message}`,
      );
    }
  }

  /** A delete or release whose message is gone or taken by another host (404, pop receipt 400) is fine. */
  async #settle(work: Promise<unknown>, message: DequeuedMessageItem, what: string): Promise<void> {
    try {
      await work;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const level = status === 404 || status === 400 ? 'Debug' : 'Warning';
      this.#log(
        level,
        `Could not ${what} message ${message.messageId} of queue '${this.#queueName}': ${(error as Error).message}`,
      );
    }
  }

  #unreachable(error: unknown): void {
    this.#queue = undefined;
    const message = `The listener of '${this.#fn.name}' cannot read queue '${this.#queueName}': ${(error as Error).message}. It keeps trying, backing off up to ${this.#options.maxPollingIntervalMs} ms.`;
    this.#log(this.#failing ? 'Debug' : 'Error', message);
    this.#failing = true;
  }

  #reachable(): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.#log('Information', `The listener of '${this.#fn.name}' reads queue '${this.#queueName}' again.`);
  }

  #log(level: 'Debug' | 'Information' | 'Warning' | 'Error', message: string): void {
    this.#context.logger.log(level, `Function.${this.#fn.name}`, message, { functionName: this.#fn.name });
  }
}
