import type { BindingExtension } from '../binding-extension.js';
import { blobInput } from './blob-input.js';
import { blobOutput } from './blob-output.js';
import { startBlobTriggerListener } from './blob-trigger-listener.js';

/** Azure Storage blobs: the `blobTrigger` listener and the `blob` input and output. */
export const blobExtension: BindingExtension = {
  name: 'Blobs',
  triggerTypes: ['blobTrigger'],
  outputTypes: ['blob'],
  inputTypes: ['blob'],
  listen: startBlobTriggerListener,
  input: blobInput,
  output: blobOutput,
};
