import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';

/** How test messages are put on and read off queues, as host.json `messageEncoding` says. */
export type TestEncoding = 'base64' | 'none';

/** Reads (and deletes) messages of a queue until `count` arrived or `timeoutMs` passed; decoded. */
export async function drainQueue(
  connectionString: string,
  queueName: string,
  count: number,
  timeoutMs = 30_000,
  encoding: TestEncoding = 'base64',
): Promise<string[]> {
  const queue = QueueServiceClient.fromConnectionString(connectionString).getQueueClient(queueName);
  const bodies: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (bodies.length < count && Date.now() < deadline) {
    await queue.createIfNotExists();
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const item of receivedMessageItems) {
      bodies.push(
        encoding === 'base64' ? Buffer.from(item.messageText, 'base64').toString() : item.messageText,
      );
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

/** What {@link writeQueueApp} writes. */
export interface QueueAppOptions {
  /** local.settings.json Values besides the runtime. */
  readonly values: Record<string, string>;
  /** host.json `extensions.queues`. */
  readonly queues?: object;
  /** Milliseconds `echo` waits before it answers. */
  readonly echoDelayMs?: number;
  /** host.json `singleton`. */
  readonly singleton?: object;
  /** Adds `tick`, a timer every second whose `$return` puts `{"at": <ms>, "pid": <worker pid>}` on queue `ticks`. */
  readonly tick?: boolean;
}

/**
 * Writes a function.json app (no package needed) in `dir`: `echo` takes messages of queue `%WorkQueue%`
 * (connection `Storage`) and returns each to queue `done` through `$return`, except that it throws for a
 * message starting with `fail`; `ping` answers HTTP.
 */
export async function writeQueueApp(dir: string, options: QueueAppOptions): Promise<void> {
  const json = (value: object): string => JSON.stringify(value, null, 2);
  await mkdir(join(dir, 'echo'), { recursive: true });
  await mkdir(join(dir, 'ping'), { recursive: true });
  await writeFile(
    join(dir, 'host.json'),
    json({ version: '2.0', extensions: { queues: options.queues ?? {} } }),
  );
  await writeFile(
    join(dir, 'local.settings.json'),
    json({ Values: { FUNCTIONS_WORKER_RUNTIME: 'node', WorkQueue: 'work', ...options.values } }),
  );
  const echo = [
    { type: 'queueTrigger', direction: 'in', name: 'item', queueName: '%WorkQueue%', connection: 'Storage' },
    { type: 'queue', direction: 'out', name: '$return', queueName: 'done', connection: 'Storage' },
  ];
  await writeFile(join(dir, 'echo', 'function.json'), json({ bindings: echo }));
  await writeFile(
    join(dir, 'echo', 'index.js'),
    `module.exports = async function (context, item) {\n` +
      `  await new Promise((resolve) => setTimeout(resolve, ${options.echoDelayMs ?? 0}));\n` +
      `  if (String(item).startsWith('fail')) throw new Error('asked to fail: ' + item);\n` +
      `  return item;\n};\n`,
  );
  if (options.tick) await writeTickFunction(dir);
  const ping = [
    { type: 'httpTrigger', direction: 'in', name: 'req', authLevel: 'anonymous' },
    { type: 'http', direction: 'out', name: 'res' },
  ];
  await writeFile(join(dir, 'ping', 'function.json'), json({ bindings: ping }));
  await writeFile(
    join(dir, 'ping', 'index.js'),
    `module.exports = async function (context) {\n  context.res = { body: 'pong' };\n};\n`,
  );
}

/** Sends messages (base64, as the host expects by default) to a queue, creating it when missing. */
export async function sendMessages(
  connectionString: string,
  queueName: string,
  bodies: readonly string[],
  encoding: TestEncoding = 'base64',
): Promise<void> {
  const queue = QueueServiceClient.fromConnectionString(connectionString).getQueueClient(queueName);
  await queue.createIfNotExists();
  for (let i = 0; i < bodies.length; i += 50)
    await Promise.all(
      bodies
        .slice(i, i + 50)
        .map((body) =>
          queue.sendMessage(encoding === 'base64' ? Buffer.from(body).toString('base64') : body),
        ),
    );
}

async function writeTickFunction(dir: string): Promise<void> {
  await mkdir(join(dir, 'tick'), { recursive: true });
  const bindings = [
    { type: 'timerTrigger', direction: 'in', name: 'timer', schedule: '* * * * * *' },
    { type: 'queue', direction: 'out', name: '$return', queueName: 'ticks', connection: 'Storage' },
  ];
  await writeFile(join(dir, 'tick', 'function.json'), JSON.stringify({ bindings }));
  await writeFile(
    join(dir, 'tick', 'index.js'),
    'module.exports = async () => JSON.stringify({ at: Date.now(), pid: process.pid });\n',
  );
}
