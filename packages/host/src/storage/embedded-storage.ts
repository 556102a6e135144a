import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_AZURITE_PORTS, developmentConnectionString, startAzurite, type Azurite } from './azurite.js';
import type { DevelopmentStorage } from './storage-accounts.js';

/** How the host provides `UseDevelopmentStorage=true`. */
export type StorageMode =
  /** Azurite on its default ports: the one already running, else one started with data under `.fnrpc/azurite`. */
  | 'azurite'
  /** A private in-memory Azurite on free ports, started with the host and gone when it stops (for tests). */
  | 'memory';

/** Where `UseDevelopmentStorage=true` leads, and what tells the user about it. */
export interface EmbeddedStorageOptions {
  readonly mode: StorageMode;
  readonly appDir: string;
  readonly log: (message: string) => void;
}

/**
 * Development storage for one host, shared by its runs: found or started on first use, stopped with the host
 * if it started it.
 */
export class EmbeddedStorage implements DevelopmentStorage {
  readonly #options: EmbeddedStorageOptions;
  #connection: Promise<string> | undefined;
  #azurite: Azurite | undefined;

  constructor(options: EmbeddedStorageOptions) {
    this.#options = options;
  }

  connectionString(): Promise<string> {
    if (!this.#connection) {
      this.#connection = this.#open();
      this.#connection.catch(() => (this.#connection = undefined));
    }
    return this.#connection;
  }

  /** Stops the Azurite this host started, if any. */
  async stop(): Promise<void> {
    const azurite = this.#azurite;
    this.#azurite = undefined;
    await azurite?.stop();
  }

  async #open(): Promise<string> {
    const { mode, appDir, log } = this.#options;
    if (mode === 'memory') {
      this.#azurite = await startAzurite();
      log(
        `Storage: in-memory Azurite at ${this.#azurite.queueEndpoint} (queues), ${this.#azurite.blobEndpoint} (blobs), ${this.#azurite.tableEndpoint} (tables).`,
      );
      return this.#azurite.connectionString;
    }
    const { blob, queue, table } = DEFAULT_AZURITE_PORTS;
    if ((await answers(queue)) || (await answers(blob))) {
      const endpoint = (port: number): string => `http://127.0.0.1:${port}/devstoreaccount1`;
      log(
        `Storage: using the Azurite (or storage emulator) already listening on 127.0.0.1:${blob}-${table}.`,
      );
      return developmentConnectionString(endpoint(blob), endpoint(queue), endpoint(table));
    }
    const location = join(appDir, '.fnrpc', 'azurite');
    await mkdir(location, { recursive: true });
    this.#azurite = await startAzurite({ location, ports: { blob, queue, table } });
    log(
      `Storage: started Azurite at ${this.#azurite.queueEndpoint} (queues), ${this.#azurite.blobEndpoint} (blobs), ${this.#azurite.tableEndpoint} (tables); data in .fnrpc/azurite.`,
    );
    return this.#azurite.connectionString;
  }
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
