import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHost, type RunningHost, type StartHostOptions } from '../host.js';

/** A fixture app under packages/host/test/apps. */
export function testApp(name: string): string {
  return fileURLToPath(new URL(`../../../test/apps/${name}`, import.meta.url));
}

/** The fixture worker folder (holding its worker.config.json). */
export const FIXTURE_WORKER_DIR = fileURLToPath(new URL('../../../test/workers/fixture', import.meta.url));

/** The repository's example app. */
export const EXAMPLE_APP = fileURLToPath(new URL('../../../../../examples/hello', import.meta.url));

/** The CLI compiled and bundled (scripts/bundle.mjs at the repository root), which the `fnrpc` bin loads. */
export const CLI_ENTRY = fileURLToPath(new URL('../../bundle/cli.js', import.meta.url));

/** The `fnrpc` bin of packages/host/package.json, a committed file. */
export const HOST_BIN = fileURLToPath(new URL('../../../bin/fnrpc.mjs', import.meta.url));

/** The root of the repository (the npm workspace). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/** Resolves once `check` returns true, polling every 20 ms; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What {@link writeHelloApp} writes besides the function. */
export interface HelloAppOptions {
  /** Merged into `{ "version": "2.0" }`. */
  readonly hostJson?: object;
  /** Merged into local.settings.json, whose Values name the node runtime. */
  readonly localSettings?: object;
}

/**
 * Writes (or rewrites) a function.json app in `dir` with one anonymous HTTP function `hello` that answers
 * `body`, after `?wait=<ms>` milliseconds when asked. It needs no package: the worker's built-in model
 * runs it.
 */
export async function writeHelloApp(dir: string, body: string, options: HelloAppOptions = {}): Promise<void> {
  await mkdir(join(dir, 'hello'), { recursive: true });
  await writeFile(join(dir, 'host.json'), JSON.stringify({ version: '2.0', ...options.hostJson }));
  await writeFile(
    join(dir, 'local.settings.json'),
    JSON.stringify({ Values: { FUNCTIONS_WORKER_RUNTIME: 'node' }, ...options.localSettings }),
  );
  const bindings = [
    { type: 'httpTrigger', direction: 'in', name: 'req', authLevel: 'anonymous' },
    { type: 'http', direction: 'out', name: 'res' },
  ];
  await writeFile(join(dir, 'hello', 'function.json'), JSON.stringify({ bindings }));
  await writeHelloBody(dir, body);
}

/** Rewrites only the script of {@link writeHelloApp}'s `hello`, so that it answers `body`. */
export async function writeHelloBody(dir: string, body: string): Promise<void> {
  await writeFile(
    join(dir, 'hello', 'index.js'),
    'module.exports = async function (context, req) {\n' +
      '  await new Promise((resolve) => setTimeout(resolve, Number(req.query.wait ?? 0)));\n' +
      `  context.res = { body: ${JSON.stringify(body)} };\n` +
      '};\n',
  );
}

/** Writes a function.json function `name` into an app folder, with `script` as its index.js. */
export async function writeFunction(
  dir: string,
  name: string,
  bindings: object[],
  script: string,
): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'function.json'), JSON.stringify({ bindings }));
  await writeFile(join(dir, name, 'index.js'), script);
}

/** A host running on a temporary app folder; `dispose` stops it and removes the folder. */
export interface TempAppHost {
  readonly host: RunningHost;
  readonly dir: string;
  dispose(): Promise<void>;
}

/**
 * Writes {@link writeHelloApp}'s app (answering `hello`) into a new temporary folder, lets `write` add to it,
 * and starts a host on it.
 */
export async function startTempApp(
  prefix: string,
  write: (dir: string) => Promise<void> = async () => undefined,
  options: Omit<StartHostOptions, 'appDir'> = {},
): Promise<TempAppHost> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    await writeHelloApp(dir, 'hello');
    await write(dir);
    const host = await startHost({ port: 0, ...options, appDir: dir });
    return {
      host,
      dir,
      dispose: async () => {
        await host.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
