import { QueueServiceClient } from '@azure/storage-queue';

/** Reads (and deletes) messages of a queue until `count` arrived or `timeoutMs` passed; base64 decoded. */
export async function drainQueue(
  connectionString: string,
  queueName: string,
  count: number,
  timeoutMs = 30_000,
): Promise<string[]> {
  const queue = QueueServiceClient.fromConnectionString(connectionString).getQueueClient(queueName);
  const bodies: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (bodies.length < count && Date.now() < deadline) {
    await queue.createIfNotExists();
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const item of receivedMessageItems) {
      bodies.push(Buffer.from(item.messageText, 'base64').toString());
      await queue.deleteMessage(item.messageId, item.popReceipt);
    }
  }
  return bodies;
}

/** How many messages a queue holds (approximately, as the service counts them). */
export async function queueLength(connectionString: string, queueName: string): Promise<number> {
  const queue = QueueServiceClient.fromConnectionString(connectionString).getQueueClient(queueName);
  if (!(await queue.exists())) return 0;
  return (await queue.getProperties()).approximateMessagesCount ?? 0;
}
