import type { BindingExtension } from '../binding-extension.js';
import { blobInput } from './blob-input.js';
import { blobOutput } from './blob-output.js';

/** Azure Storage blobs: the `blob` input and output. */
export const blobExtension: BindingExtension = {
  name: 'Blobs',
  triggerTypes: [],
  outputTypes: ['blob'],
  inputTypes: ['blob'],
  input: blobInput,
  output: blobOutput,
};
