import type { FunctionBinding, TypedData } from '@functions-rpc/protocol';
import type { BindingContext, OutputWriter } from '../binding-extension.js';
import { stringSetting } from '../queue/queue-output.js';
import { blobPathTemplate, resolveBlobPath } from './blob-path.js';

/**
 * The writer of a `blob` output binding (BINDINGS.md 5.3): the path resolved for the invocation, the value
 * written as a block blob that replaces any blob there, the container created when it does not exist.
 *
 * @throws Error for a bad path or connection.
 */
export function blobOutput(binding: FunctionBinding, context: BindingContext): OutputWriter {
  const template = blobPathTemplate(binding.settings['path'], context.settings);
  const connection = stringSetting(binding.settings['connection']);
  context.storage.resolve(connection);
  return {
    write: async (value, data) => {
      const { container, blobName } = resolveBlobPath(template, data);
      const bytes = blobBytes(value);
      const service = await context.storage.blobService(connection);
      const containerClient = service.getContainerClient(container);
      const blob = containerClient.getBlockBlobClient(blobName);
      try {
        await blob.upload(bytes, bytes.length);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        await containerClient.createIfNotExists();
        await blob.upload(bytes, bytes.length);
      }
      context.blobWrites.written(containerClient.url);
    },
  };
}

/**
 * The bytes of a value as the reference host writes them: bytes as they are, text as UTF-8, JSON compact,
 * and numbers as their binary form (an int as its low 4 bytes, a double as 8, little-endian) as it does.
 */
export function blobBytes(value: TypedData): Buffer {
  const data = value.data;
  switch (data.case) {
    case 'bytes':
    case 'stream':
      // A view, not a copy: the bytes already sit in the worker's response.
      return Buffer.from(data.value.buffer, data.value.byteOffset, data.value.byteLength);
    case 'string':
      return Buffer.from(data.value, 'utf8');
    case 'json':
      return Buffer.from(JSON.stringify(JSON.parse(data.value)), 'utf8');
    case 'int': {
      const bytes = Buffer.alloc(4);
      bytes.writeInt32LE(Number(BigInt.asIntN(32, BigInt(data.value))));
      return bytes;
    }
    case 'double': {
      const bytes = Buffer.alloc(8);
      bytes.writeDoubleLE(data.value);
      return bytes;
    }
    default:
      throw new Error(`A blob output cannot take a '${String(data.case)}' value.`);
  }
}
