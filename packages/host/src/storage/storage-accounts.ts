import type { QueueServiceClient } from '@azure/storage-queue';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { TableClient } from '@azure/data-tables';
import type { AppSettings } from './app-settings.js';
import {
  isDevelopmentStorage,
  resolveConnection,
  StorageConnectionError,
  type StorageConnection,
  type StorageService,
} from './connection.js';

/** Where `UseDevelopmentStorage=true` leads: a connection string of a running Azurite, found or started on demand. */
export interface DevelopmentStorage {
  /** @throws Error when no Azurite answers and none can be started. */
  connectionString(): Promise<string>;
}

/** Makes the client of one table of a storage account. */
export type TableClients = (tableName: string) => TableClient;

type ServiceClient = QueueServiceClient | BlobServiceClient | TableClients;

/**
 * The storage service clients of one app run, by `connection` setting, made with the official SDKs and kept
 * for the run. `UseDevelopmentStorage=true` is handed to {@link DevelopmentStorage}, which knows where Azurite
 * really listens.
 */
export class StorageAccounts {
  readonly #settings: AppSettings;
  readonly #development: DevelopmentStorage;
  readonly #clients = new Map<string, Promise<ServiceClient>>();

  constructor(settings: AppSettings, development: DevelopmentStorage) {
    this.#settings = settings;
    this.#development = development;
  }

  /**
   * Resolves a binding's `connection` without connecting.
   *
   * @throws StorageConnectionError when the setting does not exist.
   */
  resolve(connection: string | undefined): StorageConnection {
    return resolveConnection(connection, this.#settings);
  }

  /**
   * The connection string a `connection` leads to, `UseDevelopmentStorage=true` replaced by the real one.
   *
   * @throws StorageConnectionError for a missing setting or an identity-based connection.
   */
  async connectionString(connection: string | undefined): Promise<string> {
    const resolved = this.resolve(connection);
    if (resolved.kind === 'identity')
      throw new StorageConnectionError(
        `Connection '${resolved.setting}' is identity-based: it has no connection string.`,
      );
    return isDevelopmentStorage(resolved) ? this.#development.connectionString() : resolved.connectionString;
  }

  /** The queue service of a `connection` (`undefined` = AzureWebJobsStorage). */
  queueService(connection: string | undefined): Promise<QueueServiceClient> {
    return this.#client(connection, 'queue') as Promise<QueueServiceClient>;
  }

  /** The blob service of a `connection` (`undefined` = AzureWebJobsStorage). */
  blobService(connection: string | undefined): Promise<BlobServiceClient> {
    return this.#client(connection, 'blob') as Promise<BlobServiceClient>;
  }

  /** The table clients of a `connection` (`undefined` = AzureWebJobsStorage), one per table name. */
  tableClients(connection: string | undefined): Promise<TableClients> {
    return this.#client(connection, 'table') as Promise<TableClients>;
  }

  #client(connection: string | undefined, service: StorageService): Promise<ServiceClient> {
    const resolved = this.resolve(connection);
    const key = `${service}:${resolved.setting.toLowerCase()}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = this.#create(resolved, service);
      // A failure is not kept: the next call tries again (Azurite may be up by then).
      client.catch(() => this.#clients.delete(key));
      this.#clients.set(key, client);
    }
    return client;
  }

  async #create(connection: StorageConnection, service: StorageService): Promise<ServiceClient> {
    if (connection.kind === 'identity') {
      const uri = connection.serviceUri(service);
      throw new StorageConnectionError(
        uri
          ? `Connection '${connection.setting}' is identity-based (${uri}), which needs an Azure credential; this host has none. Use a connection string, or UseDevelopmentStorage=true for local storage.`
          : `Connection '${connection.setting}' has neither a connection string nor a ${service}ServiceUri, serviceUri or accountName.`,
      );
    }
    const connectionString = isDevelopmentStorage(connection)
      ? await this.#development.connectionString()
      : connection.connectionString;
    // Few quick retries: the listeners back off themselves, and a write fails its invocation.
    const options = { retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000 } };
    try {
      if (service === 'queue') {
        const { QueueServiceClient } = await import('@azure/storage-queue');
        return QueueServiceClient.fromConnectionString(connectionString, options);
      }
      if (service === 'blob') {
        const { BlobServiceClient } = await import('@azure/storage-blob');
        return BlobServiceClient.fromConnectionString(connectionString, options);
      }
      return await tableClients(connectionString, options.retryOptions);
    } catch (error) {
      throw new StorageConnectionError(
        `The connection string of '${connection.setting}' is not usable: ${(error as Error).message}`,
      );
    }
  }
}

/**
 * The table clients of a connection string, which is checked now. An `http` endpoint (Azurite) is allowed as
 * the blob and queue SDKs allow it: the tables SDK refuses to sign plain-HTTP requests unless told.
 */
async function tableClients(
  connectionString: string,
  retryOptions: { maxTries: number; retryDelayInMs: number; maxRetryDelayInMs: number },
): Promise<TableClients> {
  const { TableClient } = await import('@azure/data-tables');
  const options = { retryOptions, allowInsecureConnection: true };
  TableClient.fromConnectionString(connectionString, 'check', options);
  return (tableName) => TableClient.fromConnectionString(connectionString, tableName, options);
}
