import type { InvocationOutcome } from '../../channel/invocation-outcome.js';
import type { AppRun } from '../../lifecycle/app-run.js';
import type { QueueActivity } from './queue-activity.js';
import { encodeMessage } from './queue-encoding.js';
import { resolveQueueName } from './queue-names.js';
import { readQueueOptions } from './queue-options.js';
import { queueSection } from './queue-section.js';

/** What {@link sendQueueMessage} sends. */
export interface QueueMessageToSend {
  readonly queueName: string;
  readonly message: string | Uint8Array;
  /** The storage connection setting; default AzureWebJobsStorage. */
  readonly connection?: string | undefined;
}

/**
 * Sends a message in the run's configured encoding (the queue created if missing), wakes this host's
 * listener of that queue, and gives a promise of the first run of a function for it.
 */
export async function sendQueueMessage(
  run: AppRun,
  activity: QueueActivity,
  { queueName, message, connection }: QueueMessageToSend,
): Promise<{ messageId: string; ran: Promise<InvocationOutcome> }> {
  const { settings, storage } = run;
  const name = resolveQueueName(queueName, settings);
  const { messageEncoding } = readQueueOptions(queueSection(run.config.hostJson.extensions), settings);
  const queue = (await storage.queueService(connection)).getQueueClient(name);
  await queue.createIfNotExists();
  const body = typeof message === 'string' ? Buffer.from(message) : Buffer.from(message);
  const { messageId } = await queue.sendMessage(encodeMessage(body, messageEncoding));
  // Subscribed as soon as the id is known: a run is a receive and an invocation away, each a round trip.
  const ran = activity.nextRun(queue.url, messageId).then((run) => run.outcome);
  activity.written(queue.url);
  return { messageId, ran };
}
