import type { BindingExtension } from '../binding-extension.js';
import { blobInput } from './blob-input.js';
import { blobOutput } from './blob-output.js';
import { startBlobTriggerListener } from './blob-trigger-listener.js';
import { blobTriggerPathError } from './blob-trigger-pattern.js';
import { blobTriggerSourceError } from './blob-trigger-source.js';

/** Azure Storage blobs: the `blobTrigger` listener and the `blob` input and output. */
export const blobExtension: BindingExtension = {
  name: 'Blobs',
  triggerTypes: ['blobTrigger'],
  outputTypes: ['blob'],
  inputTypes: ['blob'],
  listen: startBlobTriggerListener,
  triggerError: (trigger) => blobTriggerSourceError(trigger) ?? blobTriggerPathError(trigger),
  input: blobInput,
  output: blobOutput,
};
