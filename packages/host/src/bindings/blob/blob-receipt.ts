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
 *
 * @returns 'done' when the version was processed already, 'busy' when another host holds it, else the
 *   held receipt.
 */
export async function takeReceipt(
  hosts: ContainerClient,
  path: string,
): Promise<'done' | 'busy' | HeldReceipt> {
  const receipt = hosts.getBlockBlobClient(path);
  const state = await receiptState(receipt);
  if (state === 'complete') return 'done';
  if (state === 'missing') {
    try {
      await createReceipt(hosts, receipt);
    } catch (error) {
      if (isStatus(error, 409, 412)) return 'busy';
      throw error;
    }
  }
  const lease = receipt.getBlobLeaseClient();
  try {
    await lease.acquireLease(LEASE_SECONDS);
  } catch (error) {
    if (isStatus(error, 409, 404)) return 'busy';
    throw error;
  }
  if ((await receiptState(receipt)) === 'complete') {
    await lease.releaseLease();
    return 'done';
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

async function receiptState(receipt: BlockBlobClient): Promise<'missing' | 'incomplete' | 'complete'> {
  try {
    const { metadata } = await receipt.getProperties();
    const incomplete = Object.keys(metadata ?? {}).some(
      (key) => key.toLowerCase() === INCOMPLETE.toLowerCase(),
    );
    return incomplete ? 'incomplete' : 'complete';
  } catch (error) {
    if (isStatus(error, 404)) return 'missing';
    throw error;
  }
}

async function createReceipt(hosts: ContainerClient, receipt: BlockBlobClient): Promise<void> {
  const options = { metadata: { [INCOMPLETE]: INCOMPLETE }, conditions: { ifNoneMatch: '*' } };
  try {
    await receipt.upload('', 0, options);
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
    await hosts.createIfNotExists();
    await receipt.upload('', 0, options);
  }
}

/** Whether a storage error has one of the HTTP statuses. */
export function isStatus(error: unknown, ...statuses: number[]): boolean {
  const status = (error as { statusCode?: number } | undefined)?.statusCode;
  return status !== undefined && statuses.includes(status);
}
