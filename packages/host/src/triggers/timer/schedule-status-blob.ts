import type { ContainerClient } from '@azure/storage-blob';
import { parseStatus, type PersistedStatus, type ScheduleStatusStore } from './schedule-status-file.js';

/**
 * A timer's status in shared storage where the reference host keeps it (BINDINGS.md 8.2):
 * `azure-webjobs-hosts/timers/<hostId>/Host.Functions.<function>/status`, `{"Last","Next","LastUpdated"}`
 * plus our `Schedule`. Every host of one app (one host id) reads and writes the same blob.
 */
export class ScheduleStatusBlob implements ScheduleStatusStore {
  readonly location: string;
  readonly #container: ContainerClient;
  readonly #schedule: string;

  /** @param schedule The current schedule, for a status the reference host wrote (it has no `Schedule`). */
  constructor(container: ContainerClient, hostId: string, functionName: string, schedule: string) {
    this.#container = container;
    this.#schedule = schedule;
    this.location = `timers/${hostId}/Host.Functions.${functionName}/status`;
  }

  async read(): Promise<PersistedStatus | undefined> {
    const blob = this.#container.getBlobClient(this.location);
    let text: string;
    try {
      text = (await blob.downloadToBuffer()).toString('utf8');
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
    return parseStatus(`${this.#container.containerName}/${this.location}`, text, this.#schedule);
  }

  async write({ schedule, status }: PersistedStatus): Promise<void> {
    const json = JSON.stringify({
      Last: status.last?.toISOString() ?? '0001-01-01T00:00:00',
      Next: status.next.toISOString(),
      LastUpdated: status.lastUpdated.toISOString(),
      Schedule: schedule,
    });
    await this.#container.createIfNotExists();
    await this.#container.getBlockBlobClient(this.location).upload(json, Buffer.byteLength(json), {
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
  }
}
