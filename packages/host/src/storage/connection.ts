import type { AppSettings } from './app-settings.js';

/**
 * The connection name of a binding that names none: looked up as `AzureWebJobsStorage`, then `Storage`, and
 * named `AzureWebJobsStorage` when missing, as the reference host's storage extensions do.
 */
const DEFAULT_CONNECTION = 'Storage';

/** A storage connection as a binding's `connection` resolves. */
export type StorageConnection =
  | {
      readonly kind: 'connection-string';
      /** The setting that held it (for messages; never the secret itself). */
      readonly setting: string;
      readonly connectionString: string;
    }
  | {
      readonly kind: 'identity';
      readonly setting: string;
      /** Service URIs by service (`queue`, `blob`, `table`), from `<name>__<service>ServiceUri`, `__serviceUri` or `__accountName`. */
      readonly serviceUri: (service: StorageService) => string | undefined;
    };

/** The storage services the host talks to. */
export type StorageService = 'queue' | 'blob' | 'table';

/** A `connection` that names no usable setting. */
export class StorageConnectionError extends Error {
  override readonly name = 'StorageConnectionError';
}

/**
 * Resolves a binding's `connection` as the reference host's storage extensions do (BINDINGS.md 1.1): `%x%`
 * expanded, empty means `Storage` (so `AzureWebJobsStorage` first); `AzureWebJobs<name>` is looked up before `<name>`, each as
 * `ConnectionStrings:<n>` then `<n>`; a value is a connection string, else the section's children are the
 * identity-based form.
 *
 * @throws StorageConnectionError when no such setting exists.
 */
export function resolveConnection(connection: string | undefined, settings: AppSettings): StorageConnection {
  const resolved = settings.resolve(connection ?? '').trim();
  const name = resolved === '' ? DEFAULT_CONNECTION : resolved;
  for (const candidate of [`AzureWebJobs${name}`, name]) {
    for (const key of [`ConnectionStrings:${candidate}`, candidate]) {
      const value = settings.get(key);
      if (value !== undefined && value.trim() !== '')
        return { kind: 'connection-string', setting: key, connectionString: value.trim() };
      if (settings.hasChildren(key)) return identityConnection(key, settings);
    }
  }
  throw new StorageConnectionError(
    `Storage account connection string 'AzureWebJobs${name}' does not exist. Make sure that it is a defined App Setting.`,
  );
}

function identityConnection(section: string, settings: AppSettings): StorageConnection {
  return {
    kind: 'identity',
    setting: section,
    serviceUri: (service) => {
      const accountName = settings.get(`${section}:accountName`);
      if (accountName) return `https://${accountName}.${service}.core.windows.net`;
      return settings.get(`${section}:${service}ServiceUri`) ?? settings.get(`${section}:serviceUri`);
    },
  };
}

/** Whether a connection string asks for the local storage emulator. */
export function isDevelopmentStorage(connection: StorageConnection): boolean {
  return (
    connection.kind === 'connection-string' &&
    /^\s*UseDevelopmentStorage\s*=\s*true\s*;?\s*$/i.test(connection.connectionString)
  );
}
