import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { PackageJson } from './app-state.js';

const require = createRequire(import.meta.url);

/** True when the file is an ES module: `.mjs`, or `.js` in a package of type `module`. */
function isEsModule(file: string, packageJson: PackageJson): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  return packageJson.type === 'module';
}

/**
 * Loads a user file: `require` for CommonJS, `import()` for ES modules. `generation` makes a reloaded
 * app's ES modules evaluate again (their cache cannot be cleared); CommonJS reloads clear the require
 * cache instead (see {@link clearRequireCache}).
 */
export async function loadModule(file: string, packageJson: PackageJson, generation = 0): Promise<unknown> {
  if (!isEsModule(file, packageJson)) return require(file);
  const url = pathToFileURL(file);
  if (generation > 0) url.searchParams.set('reload', String(generation));
  return import(url.href);
}

// The worker's own CommonJS dependencies (such as grpc-js), which must never be loaded twice.
let workerModules: ReadonlySet<string> = new Set();

/** Records the CommonJS modules loaded so far as the worker's own; call before any user code loads. */
export function protectWorkerModules(): void {
  workerModules = new Set(Object.keys(require.cache));
}

/**
 * Forgets every CommonJS module user code loaded (the app and its libraries, `@azure/functions`
 * included), so that a reloaded app starts afresh; the worker's own modules stay.
 */
export function clearRequireCache(): void {
  for (const key of Object.keys(require.cache)) {
    if (!workerModules.has(key)) delete require.cache[key];
  }
}
