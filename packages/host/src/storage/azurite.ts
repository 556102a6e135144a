import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** Azurite's well-known development account (public, the same on every machine). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's default ports, which `UseDevelopmentStorage=true` points at. */
export const DEFAULT_AZURITE_PORTS = { blob: 10000, queue: 10001, table: 10002 } as const;

/** Options of {@link startAzurite}. */
export interface AzuriteOptions {
  /** Folder for the data; omit to keep everything in memory (lost when it stops). */
  readonly location?: string;
  /** Ports to listen on (127.0.0.1); 0 or absent picks free ones. */
  readonly ports?: { readonly blob?: number; readonly queue?: number; readonly table?: number };
  /** How long to wait for it to listen; default 30 s. */
  readonly startTimeoutMs?: number;
}

/** A running Azurite. */
export interface Azurite {
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  readonly tableEndpoint: string;
  /** A full connection string for the development account on these endpoints. */
  readonly connectionString: string;
  /** Stops it; its data stays in {@link AzuriteOptions.location}. Safe to call twice. */
  stop(): Promise<void>;
}

const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+)/;

/**
 * Starts Azurite from the `azurite` package in a child process, on 127.0.0.1. A child rather than its server
 * classes in this process: its command line is its documented interface (the classes are internal), its
 * CPU-heavy request handling stays off the host's event loop, and stopping or killing it is what a storage
 * outage looks like.
 *
 * @throws Error when it exits or does not listen in time.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const { ports = {} } = options;
  const args = [
    azuriteEntry(),
    ...['--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1'],
    ...['--blobPort', String(ports.blob ?? 0), '--queuePort', String(ports.queue ?? 0)],
    ...['--tablePort', String(ports.table ?? 0)],
    ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
    ...['--silent', '--skipApiVersionCheck', '--disableTelemetry', '--loose'],
  ];
  // Its own process group: a Ctrl+C meant for the host must not take storage away while the host drains.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const endpoints = await listening(child, options.startTimeoutMs ?? 30_000).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const endpoint = (service: string): string => `${endpoints.get(service)}/${DEV_ACCOUNT}`;
  const blobEndpoint = endpoint('Blob');
  const queueEndpoint = endpoint('Queue');
  const tableEndpoint = endpoint('Table');
  // A host that exits without stopping (an uncaught error) still takes its Azurite along; only SIGKILL cannot.
  const orphaned = (): void => void child.kill('SIGKILL');
  process.once('exit', orphaned);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', orphaned);
      resolve();
    }),
  );
  let stopping: Promise<void> | undefined;
  return {
    blobEndpoint,
    queueEndpoint,
    tableEndpoint,
    connectionString: developmentConnectionString(blobEndpoint, queueEndpoint, tableEndpoint),
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}

/** The connection string of the development account at the given endpoints. */
export function developmentConnectionString(blob: string, queue: string, table: string): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};` +
    `BlobEndpoint=${blob};QueueEndpoint=${queue};TableEndpoint=${table};`
  );
}

function azuriteEntry(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('azurite/package.json');
  const { bin } = require(manifest) as { bin: Record<string, string> };
  return join(dirname(manifest), bin['azurite'] ?? 'dist/src/azurite.js');
}

function listening(child: ChildProcess, timeoutMs: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, string>();
    let errors = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`Azurite did not start: ${why}${errors ? `\n${errors.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? code})`));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = LISTENING.exec(line);
      if (!match) {
        if (/error|EADDRINUSE/i.test(line)) errors += `${line}\n`;
        return;
      }
      found.set(match[1]!, match[2]!.replace(/\/+$/, ''));
      if (found.size < 3) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(found);
    });
  });
}
