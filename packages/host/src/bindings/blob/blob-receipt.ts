import type { BlobLeaseClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';

const INCOMPLETE = 'Incomplete';
const LEASE_SECONDS = 60;

/** The receipt of one blob version for one function, held while it is processed. */
export interface HeldReceipt {
  /** Keeps the lease (call well within a minute). */
  renew(): Promise<void>;
  /** Marks the version processed and lets go of the receipt. */
  complete(): Promise<void>;
  /** Lets go of the receipt, still incomplete: the version is tried again later, here or elsewhere. */
  release(): Promise<void>;
}

/**
 * The receipt blob `blobreceipts/<hostId>/Host.Functions.<fn>/<ETag>/<container>/<blob>` in
 * `azure-webjobs-hosts` (BINDINGS.md 4.4): created empty with metadata `Incomplete` (If-None-Match *),
 * leased while the version is worked on, and the metadata removed when done, so no host takes it again.
 * The reference host reads the receipt before creating it and again once leased; here the create comes first
 * (a new version, the common case, has none) and the lease is taken If-Match the ETag the create or the read
 * gave, so a receipt completed in between fails the lease instead of needing a second read.
 *
 * @returns 'done' when the version was processed already, 'busy' when another host holds it or it changed
 *   meanwhile (look again later), else the held receipt.
 */
export async function takeReceipt(
  hosts: ContainerClient,
  path: string,
): Promise<'done' | 'busy' | HeldReceipt> {
  const receipt = hosts.getBlockBlobClient(path);
  let etag = await createReceipt(hosts, receipt);
  if (etag === undefined) {
    const state = await receiptState(receipt);
    if (state === 'complete') return 'done';
    if (state === 'missing') return 'busy';
    etag = state.etag;
  }
  const lease = receipt.getBlobLeaseClient();
  try {
    await lease.acquireLease(LEASE_SECONDS, { conditions: { ifMatch: etag } });
  } catch (error) {
    if (isStatus(error, 409, 404, 412)) return 'busy';
    throw error;
  }
  return heldReceipt(receipt, lease);
}

function heldReceipt(receipt: BlockBlobClient, lease: BlobLeaseClient): HeldReceipt {
  return {
    renew: async () => {
      await lease.renewLease();
    },
    complete: async () => {
      await receipt.setMetadata({}, { conditions: { leaseId: lease.leaseId } });
      await lease.releaseLease();
    },
    release: async () => {
      await lease.releaseLease();
    },
  };
}

/** An incomplete receipt comes with its ETag, for the lease. */
async function receiptState(receipt: BlockBlobClient): Promise<'missing' | 'complete' | { etag: string }> {
  try {
    const { metadata, etag } = await receipt.getProperties();
    const incomplete = Object.keys(metadata ?? {}).some(
      (key) => key.toLowerCase() === INCOMPLETE.toLowerCase(),
    );
    return incomplete ? { etag: etag ?? '*' } : 'complete';
  } catch (error) {
    if (isStatus(error, 404)) return 'missing';
    throw error;
  }
}

/** Creates the receipt, incomplete; its ETag, or undefined when it exists already. */
async function createReceipt(hosts: ContainerClient, receipt: BlockBlobClient): Promise<string | undefined> {
  const options = { metadata: { [INCOMPLETE]: INCOMPLETE }, conditions: { ifNoneMatch: '*' } };
  const create = async () => (await receipt.upload('', 0, options)).etag ?? '*';
  try {
    return await create();
  } catch (error) {
    if (isStatus(error, 409, 412)) return undefined;
    if (!isStatus(error, 404)) throw error;
  }
  await hosts.createIfNotExists();
  try {
    return await create();
  } catch (error) {
    if (isStatus(error, 409, 412)) return undefined;
    throw error;
  }
}

/** Whether a storage error has one of the HTTP statuses. */
export function isStatus(error: unknown, ...statuses: number[]): boolean {
  const status = (error as { statusCode?: number } | undefined)?.statusCode;
  return status !== undefined && statuses.includes(status);
}
