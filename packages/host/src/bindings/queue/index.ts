import type { BindingExtension } from '../binding-extension.js';
import { queueOutput } from './queue-output.js';
import { startQueueListener } from './queue-listener.js';

/** Azure Storage queues: the `queueTrigger` listener and the `queue` output. */
export const queueExtension: BindingExtension = {
  name: 'Queues',
  triggerTypes: ['queueTrigger'],
  outputTypes: ['queue'],
  listen: startQueueListener,
  output: queueOutput,
};
