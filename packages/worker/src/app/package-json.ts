import { errorMessage } from '@functions-rpc/protocol';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkerSystemError } from '../errors.js';
import type { PackageJson } from './app-state.js';

/**
 * Reads the app's package.json, keeping `main` and `type` when they are strings. Microsoft's worker
 * drops other values without a word, so an array `main` loads nothing there; `warn` says so here.
 *
 * @throws WorkerSystemError when the file is missing, not JSON or not an object.
 */
export async function readPackageJson(appDir: string, warn: (message: string) => void): Promise<PackageJson> {
  let text: string;
  try {
    text = await readFile(join(appDir, 'package.json'), 'utf8');
  } catch {
    throw new WorkerSystemError('file does not exist');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new WorkerSystemError(`file content is not valid JSON: ${errorMessage(error)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new WorkerSystemError('file content is not an object');
  }
  const { main, type } = data as Record<string, unknown>;
  if (main !== undefined && typeof main !== 'string') {
    warn(
      `package.json "main" must be a string (a path or a glob pattern such as "src/{index.js,functions/*.js}"), ` +
        `got ${JSON.stringify(main)}: it is ignored, as Microsoft's worker ignores it, and no entry point is loaded.`,
    );
  }
  return {
    ...(typeof main === 'string' ? { main } : {}),
    ...(typeof type === 'string' ? { type } : {}),
  };
}
