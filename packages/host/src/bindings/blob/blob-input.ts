import type { BlobClient } from '@azure/storage-blob';
import { toTypedData, type FunctionBinding } from '@functions-rpc/protocol';
import type { BindingContext, InputReader } from '../binding-extension.js';
import { stringSetting } from '../queue/queue-output.js';
import { downloadVersion } from './blob-download.js';
import { blobPathTemplate, resolveBlobPath } from './blob-path.js';
import { isStatus } from './blob-receipt.js';

/**
 * The reader of a `blob` input binding (BINDINGS.md 5.2): the blob the path names for the invocation, as
 * `bytes` for `dataType: binary`, else as UTF-8 text (a BOM dropped); a missing blob or container is empty
 * TypedData, which workers give the function as null. A blob too large for one message to the worker fails
 * the invocation before its bytes are read.
 *
 * @throws Error for a bad path or connection, or `dataType: stream`, which workers cannot receive.
 */
export function blobInput(binding: FunctionBinding, context: BindingContext): InputReader {
  if (binding.dataType === 'stream')
    throw new Error(
      "dataType 'stream' is not supported for blob inputs by this host; use 'binary' or 'string'.",
    );
  const template = blobPathTemplate(binding.settings['path'], context.settings);
  const connection = stringSetting(binding.settings['connection']);
  context.storage.resolve(connection);
  const binary = binding.dataType === 'binary';
  return {
    read: async (data) => {
      const { container, blobName } = resolveBlobPath(template, data);
      const service = await context.storage.blobService(connection);
      const bytes = await readBlob(
        service.getContainerClient(container).getBlobClient(blobName),
        context.maxMessageLength,
      );
      if (!bytes) return toTypedData(undefined);
      return binary ? toTypedData(bytes, 'bytes') : toTypedData(utf8Text(bytes), 'string');
    },
  };
}

/** The blob's current bytes, or undefined when it (or its container) does not exist. */
async function readBlob(blob: BlobClient, maxMessageLength: number): Promise<Buffer | undefined> {
  try {
    return (await downloadVersion(blob, {}, maxMessageLength)).content;
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/** UTF-8 text without a byte-order mark, as .NET's StreamReader reads it. */
function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
