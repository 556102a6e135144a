import type { BlobDownloadResponseParsed } from '@azure/storage-blob';
import { toTypedData, type TypedData } from '@functions-rpc/protocol';
import type { FunctionInfo } from '../../functions/function-info.js';
import type { TriggerInput } from '../../functions/trigger-input.js';
import { newtonsoftDate } from '../queue/queue-trigger-input.js';

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
 * Azure.Storage.Blobs' `BlobType` enum, which the reference host serializes with Newtonsoft's defaults: as its
 * number.
 */
const BLOB_TYPE_NUMBERS: Readonly<Record<string, number>> = { BlockBlob: 0, PageBlob: 1, AppendBlob: 2 };

/**
 * The input and trigger metadata of a blob-triggered invocation (BINDINGS.md 4.6): the content as `bytes`
 * whatever the `dataType`, and `BlobTrigger`, `Uri`, `Properties`, `Metadata` and each path parameter.
 * `Properties` follows the reference host's Newtonsoft serialization of the .NET SDK's `BlobProperties`:
 * PascalCase .NET names (`ContentHash`, `CreatedOn`), dates as `+00:00` offsets, enums as numbers, and the
 * ETag struct as an empty object (the version is in no other key: the function cannot see it, as on Azure).
 */
export function blobTriggerInput(fn: FunctionInfo, blob: TriggeringBlob): TriggerInput {
  const metadata: Record<string, TypedData> = {};
  for (const [name, value] of Object.entries(blob.params)) metadata[name] = toTypedData(value, 'string');
  const { properties } = blob;
  metadata['BlobTrigger'] = toTypedData(`${blob.container}/${blob.name}`, 'string');
  metadata['Uri'] = toTypedData(blob.url, 'json');
  metadata['Properties'] = toTypedData(
    {
      LastModified: properties.lastModified && newtonsoftDate(properties.lastModified),
      CreatedOn: properties.createdOn && newtonsoftDate(properties.createdOn),
      Metadata: properties.metadata ?? {},
      BlobType: BLOB_TYPE_NUMBERS[properties.blobType ?? 'BlockBlob'],
      ContentLength: properties.contentLength,
      ContentType: properties.contentType,
      ContentEncoding: properties.contentEncoding,
      ContentLanguage: properties.contentLanguage,
      ContentHash: properties.contentMD5 ? Buffer.from(properties.contentMD5).toString('base64') : undefined,
      // Azure.ETag has no public properties and no Newtonsoft converter: the reference host writes `{}`.
      ETag: {},
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
