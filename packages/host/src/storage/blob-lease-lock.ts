import type { BlobLeaseClient, ContainerClient } from '@azure/storage-blob';

/** The container where the host keeps locks, timer status and the like, as the reference host names it. */
export const HOSTS_CONTAINER = 'azure-webjobs-hosts';

const statusOf = (error: unknown): number | undefined => (error as { statusCode?: number }).statusCode;

/**
 * A singleton lock held as a lease on `locks/<lockId>` in {@link HOSTS_CONTAINER}, as the reference host's
 * blob lease lock manager takes it (BINDINGS.md 8.3): acquire once (creating the empty blob and the container
 * on demand), renew every half period while held, release on stop.
 */
export class BlobLeaseLock {
  readonly blobName: string;
  readonly #container: ContainerClient;
  readonly #periodMs: number;
  #lease: BlobLeaseClient | undefined;
  #renewal: NodeJS.Timeout | undefined;

  /** @param periodMs The lease length: 15 to 60 s. */
  constructor(container: ContainerClient, lockId: string, periodMs: number) {
    this.#container = container;
    this.#periodMs = periodMs;
    this.blobName = `locks/${lockId}`;
  }

  /**
   * Tries once to take the lease.
   *
   * @returns false when another holder has it.
   * @throws Error when storage fails otherwise.
   */
  async tryAcquire(): Promise<boolean> {
    const blob = this.#container.getBlockBlobClient(this.blobName);
    const lease = blob.getBlobLeaseClient();
    const seconds = Math.round(this.#periodMs / 1000);
    try {
      await lease.acquireLease(seconds);
    } catch (error) {
      if (statusOf(error) === 409) return false;
      if (statusOf(error) !== 404) throw error;
      await this.#createBlob();
      try {
        await lease.acquireLease(seconds);
      } catch (again) {
        if (statusOf(again) === 409) return false;
        throw again;
      }
    }
    this.#lease = lease;
    return true;
  }

  /** Renews the held lease every half period; `onLost` is called once if a renewal fails. */
  keep(onLost: (error: Error) => void): void {
    const lease = this.#lease;
    if (!lease) return;
    this.#renewal = setInterval(() => {
      lease.renewLease().catch((error: unknown) => {
        clearInterval(this.#renewal);
        this.#lease = undefined;
        onLost(error as Error);
      });
    }, this.#periodMs / 2);
  }

  /** Stops renewing and releases the lease (a lease already gone is fine). */
  async release(): Promise<void> {
    clearInterval(this.#renewal);
    const lease = this.#lease;
    this.#lease = undefined;
    await lease?.releaseLease().catch(() => undefined);
  }

  async #createBlob(): Promise<void> {
    await this.#container.createIfNotExists();
    try {
      await this.#container
        .getBlockBlobClient(this.blobName)
        .upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      // Another host created it meanwhile.
      if (statusOf(error) !== 409 && statusOf(error) !== 412) throw error;
    }
  }
}
