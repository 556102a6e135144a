import { stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { WorkerSystemError } from '../errors.js';

/**
 * The files package.json `main` names, in the order Microsoft's worker loads them.
 *
 * Its glob library walks from the pattern's base directory level by level: every match in a directory
 * comes before the matches in its subdirectories, so `src/{functions/*.js,index.js}` loads `src/index.js`
 * first, and an app that sets up tracing there has it before its functions load. Within one level the
 * walk follows the file system's own listing order, which differs between systems; name order is used
 * here so every run and every worker process loads the same order. A `main` that is a directory loads
 * every file under it, as the glob library expands a directory to `dir/**`.
 *
 * @throws WorkerSystemError when nothing matches.
 */
export async function entryFiles(appDir: string, main: string): Promise<string[]> {
  // Imported here, not at start-up: it is only needed once the host asks to load the app, and
  // loading it up front delays the worker's StartStream by about 12 ms.
  const { glob, isDynamicPattern } = await import('tinyglobby');
  const pattern = (await isDirectory(join(appDir, main))) ? posix.join(main, '**') : main;
  const files = await glob(pattern, { cwd: appDir, expandDirectories: false });
  if (files.length === 0) {
    throw new WorkerSystemError(
      isDynamicPattern(pattern) ? 'Found zero files matching the supplied pattern' : 'File does not exist',
    );
  }
  return files.sort(byLevelThenName);
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

function byLevelThenName(a: string, b: string): number {
  const levels = depth(a) - depth(b);
  if (levels !== 0) return levels;
  return a < b ? -1 : a > b ? 1 : 0;
}

function depth(file: string): number {
  let slashes = 0;
  for (const char of file) if (char === '/') slashes++;
  return slashes;
}
