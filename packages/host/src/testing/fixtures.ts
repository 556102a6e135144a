import { fileURLToPath } from 'node:url';

/** A fixture app under packages/host/test/apps. */
export function testApp(name: string): string {
  return fileURLToPath(new URL(`../../../test/apps/${name}`, import.meta.url));
}

/** The fixture worker folder (holding its worker.config.json). */
export const FIXTURE_WORKER_DIR = fileURLToPath(new URL('../../../test/workers/fixture', import.meta.url));

/** The repository's example app. */
export const EXAMPLE_APP = fileURLToPath(new URL('../../../../../examples/hello', import.meta.url));

/** The `fnrpc` bin: the CLI compiled and bundled (scripts/bundle.mjs at the repository root). */
export const CLI_ENTRY = fileURLToPath(new URL('../../bundle/cli.js', import.meta.url));

/** Resolves once `check` returns true, polling every 20 ms; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
