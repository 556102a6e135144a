import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORKER_CONFIG_FILE } from '@functions-rpc/protocol';
import { autopilot, type WorkerBehaviour } from './autopilot.js';
import { acceptRelay, type FakeWorker } from './fake-worker.js';

/** The language the kit's stand-in worker declares; the host is started with FUNCTIONS_WORKER_RUNTIME set to it. */
export const KIT_LANGUAGE = 'fnrpckit';

/** The host under test: its command line, with `{workerDir}`, `{appDir}` and `{port}` placeholders. */
export interface HostUnderTest {
  readonly command: readonly string[];
  /** How long the host may take to start a worker, or to answer; default 30 s. */
  readonly timeoutMs?: number;
  /**
   * A storage connection string the host can reach, written as the app's `AzureWebJobsStorage`; the queue
   * scenario sends its message there. Without it, that scenario is not applicable.
   */
  readonly storage?: string;
}

/**
 * One host process for one scenario: a temporary worker folder (worker.config.json naming the kit's relay),
 * a temporary app, the host started on them, and every stand-in worker it launched.
 */
export class HostSession {
  readonly workerDir: string;
  readonly appDir: string;
  readonly port: number;
  readonly host: ChildProcess;
  /** Every stand-in worker the host started, in order. */
  readonly workers: FakeWorker[] = [];
  readonly hostExited: Promise<number | string>;
  readonly timeoutMs: number;
  /** How the stand-in workers behave in this session. */
  readonly behaviour: WorkerBehaviour;
  /** The app's `AzureWebJobsStorage`, when the host was given one. */
  readonly storage: string | undefined;
  #output = '';
  readonly #root: string;
  readonly #control: Server;
  readonly #waiting = new Set<() => void>();

  private constructor(init: {
    root: string;
    control: Server;
    host: ChildProcess;
    port: number;
    timeoutMs: number;
    behaviour: WorkerBehaviour;
    storage: string | undefined;
  }) {
    this.#root = init.root;
    this.#control = init.control;
    this.host = init.host;
    this.port = init.port;
    this.timeoutMs = init.timeoutMs;
    this.behaviour = init.behaviour;
    this.storage = init.storage;
    this.workerDir = join(init.root, 'worker');
    this.appDir = join(init.root, 'app');
    const collect = (chunk: Buffer): void => {
      this.#output += chunk.toString();
    };
    this.host.stdout?.on('data', collect);
    this.host.stderr?.on('data', collect);
    this.hostExited = new Promise((resolve) => {
      this.host.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
      this.host.on('error', (error) => {
        this.#output += `\n${error.message}`;
        resolve('spawn error');
      });
    });
  }

  /** What the host printed so far. */
  get output(): string {
    return this.#output;
  }

  /**
   * Writes the worker folder and the app, starts the host, and plays each worker it launches with
   * {@link autopilot} and `behaviour` (a function receives each worker and the session to decide).
   */
  static async start(target: HostUnderTest, behaviour: WorkerBehaviour = {}): Promise<HostSession> {
    const root = await mkdtemp(join(tmpdir(), 'fnrpc-conformance-'));
    const workerDir = join(root, 'worker');
    const appDir = join(root, 'app');
    const controlPath = join(root, 'control.sock');
    await writeKitFolders(workerDir, appDir, controlPath, target.storage);
    const port = await freePort();
    const sessionRef: { session?: HostSession; early: FakeWorker[] } = { early: [] };
    const control = createServer((socket) => {
      void acceptRelay(socket)
        .then((worker) => {
          autopilot(worker, behaviour);
          if (sessionRef.session) sessionRef.session.#adopt(worker);
          else sessionRef.early.push(worker);
        })
        .catch(() => undefined);
    });
    await new Promise<void>((resolve) => control.listen(controlPath, resolve));
    const fill = (word: string): string =>
      word
        .replaceAll('{workerDir}', workerDir)
        .replaceAll('{appDir}', appDir)
        .replaceAll('{port}', String(port));
    const [command = '', ...args] = target.command.map(fill);
    const host = spawn(command, args, {
      env: { ...process.env, FUNCTIONS_WORKER_RUNTIME: KIT_LANGUAGE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const session = new HostSession({
      root,
      control,
      host,
      port,
      timeoutMs: target.timeoutMs ?? 30_000,
      behaviour,
      storage: target.storage,
    });
    sessionRef.session = session;
    for (const worker of sessionRef.early) session.#adopt(worker);
    return session;
  }

  /** The n-th worker the host started (0 is the first), once it has started. */
  async worker(index = 0): Promise<FakeWorker> {
    const deadline = Date.now() + this.timeoutMs;
    while (!this.workers[index]) {
      if (Date.now() > deadline)
        throw new Error(
          `the host started no worker #${index + 1} within ${this.timeoutMs / 1000} s\n${this.tail()}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.#waiting.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.workers[index]!;
  }

  /**
   * An HTTP request to the host, retried while the host is not listening yet or answers 404 (its functions
   * not loaded yet), up to the session timeout.
   */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}${path}`, init);
        if (response.status !== 404 || Date.now() > deadline) return response;
        await response.arrayBuffer();
      } catch (error) {
        if (init.signal?.aborted) throw error;
        if (Date.now() > deadline)
          throw new Error(`the host does not answer HTTP: ${(error as Error).message}\n${this.tail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Whether the host process still runs. */
  get hostRunning(): boolean {
    return this.host.exitCode === null && this.host.signalCode === null;
  }

  /** The end of the host's output, for failure reasons. */
  tail(chars = 1500): string {
    const text = this.#output.trim();
    return text ? `Host output (end):\n${text.length > chars ? `...${text.slice(-chars)}` : text}` : '';
  }

  /** Asks the host to stop (SIGTERM) and resolves with its exit, or undefined if it outlives `graceMs`. */
  async stopHost(graceMs = 15_000): Promise<number | string | undefined> {
    if (this.hostRunning) this.host.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), graceMs)),
    );
    try {
      return await Promise.race([this.hostExited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the host (killing it if it must), ends every stand-in worker and removes the folders. */
  async dispose(): Promise<void> {
    if ((await this.stopHost(10_000)) === undefined) {
      this.host.kill('SIGKILL');
      await this.hostExited;
    }
    for (const worker of this.workers) worker.exit(0);
    await Promise.race([Promise.all(this.workers.map((worker) => worker.gone)), delay(3000)]);
    await new Promise<void>((resolve) => this.#control.close(() => resolve()));
    await this.behaviour.httpStream?.close();
    await rm(this.#root, { recursive: true, force: true });
  }

  #adopt(worker: FakeWorker): void {
    this.workers.push(worker);
    for (const wake of this.#waiting) wake();
    this.#waiting.clear();
  }
}

async function writeKitFolders(
  workerDir: string,
  appDir: string,
  controlPath: string,
  storage: string | undefined,
): Promise<void> {
  await mkdir(workerDir, { recursive: true });
  await mkdir(appDir, { recursive: true });
  const relay = pathToFileURL(join(import.meta.dirname, 'relay-worker.js')).href;
  await writeFile(
    join(workerDir, 'worker.mjs'),
    `import { runRelay } from ${JSON.stringify(relay)};\nrunRelay(${JSON.stringify(controlPath)});\n`,
  );
  await writeFile(
    join(workerDir, WORKER_CONFIG_FILE),
    JSON.stringify(
      {
        description: {
          language: KIT_LANGUAGE,
          extensions: ['.kit'],
          defaultExecutablePath: process.execPath,
          defaultWorkerPath: 'worker.mjs',
          workerIndexing: 'true',
        },
        processOptions: { initializationTimeout: '00:00:30' },
      },
      null,
      2,
    ),
  );
  await writeFile(join(appDir, 'host.json'), JSON.stringify({ version: '2.0' }));
  await writeFile(
    join(appDir, 'local.settings.json'),
    JSON.stringify({
      IsEncrypted: false,
      Values: {
        FUNCTIONS_WORKER_RUNTIME: KIT_LANGUAGE,
        ...(storage ? { AzureWebJobsStorage: storage } : {}),
      },
    }),
  );
}

/** A port nobody listens on right now, for the host's HTTP front end. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
