import type { BlobDownloadResponseParsed } from '@azure/storage-blob';
import { toTypedData, type TypedData } from '@functions-rpc/protocol';
import type { FunctionInfo } from '../../functions/function-info.js';
import type { TriggerInput } from '../../functions/trigger-input.js';

/** The properties of a blob version as its download's headers give them, and its access tier from the listing. */
export type TriggeringBlobProperties = Pick<
  BlobDownloadResponseParsed,
  | 'lastModified'
  | 'createdOn'
  | 'metadata'
  | 'blobType'
  | 'contentLength'
  | 'contentType'
  | 'contentEncoding'
  | 'contentLanguage'
  | 'contentMD5'
  | 'etag'
> & { readonly accessTier?: string | undefined };

/** One version of a blob that triggers a function. */
export interface TriggeringBlob {
  readonly container: string;
  readonly name: string;
  readonly url: string;
  readonly properties: TriggeringBlobProperties;
  readonly content: Buffer;
  /** The `{name}` values of the trigger path. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The input and trigger metadata of a blob-triggered invocation (BINDINGS.md 4.6): the content as `bytes`
 * whatever the `dataType`, and `BlobTrigger`, `Uri`, `Properties` (PascalCase), `Metadata` and each path
 * parameter.
 */
export function blobTriggerInput(fn: FunctionInfo, blob: TriggeringBlob): TriggerInput {
  const metadata: Record<string, TypedData> = {};
  for (const [name, value] of Object.entries(blob.params)) metadata[name] = toTypedData(value, 'string');
  const { properties } = blob;
  metadata['BlobTrigger'] = toTypedData(`${blob.container}/${blob.name}`, 'string');
  metadata['Uri'] = toTypedData(blob.url, 'json');
  metadata['Properties'] = toTypedData(
    {
      LastModified: properties.lastModified?.toISOString(),
      CreatedOn: properties.createdOn?.toISOString(),
      Metadata: properties.metadata ?? {},
      BlobType: properties.blobType,
      ContentLength: properties.contentLength,
      ContentType: properties.contentType,
      ContentEncoding: properties.contentEncoding,
      ContentLanguage: properties.contentLanguage,
      ContentMD5: properties.contentMD5 ? Buffer.from(properties.contentMD5).toString('base64') : undefined,
      ETag: properties.etag,
      AccessTier: properties.accessTier,
    },
    'json',
  );
  metadata['Metadata'] = toTypedData(properties.metadata ?? {}, 'json');
  return {
    inputData: [
      { name: fn.trigger.name, rpcData: { case: 'data', value: toTypedData(blob.content, 'bytes') } },
    ],
    triggerMetadata: metadata,
  };
}
