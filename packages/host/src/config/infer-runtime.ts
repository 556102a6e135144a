import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import {
  FUNCTION_JSON_FILE,
  isFunctionFolder,
  WORKER_CONFIG_FILE,
  type WorkerConfig,
} from '@functions-rpc/protocol';
import { readJsonObject } from './json-file.js';

/** A worker runtime worked out from the app's files, and the file that told. */
export interface InferredRuntime {
  readonly runtime: string;
  /** The file it was worked out from, relative to the app folder, e.g. `hello/function.json`. */
  readonly from: string;
}

/** Files that mark an app written for one language when it has no function.json (worker indexing). */
const MARKERS: readonly (readonly [file: string, runtime: string])[] = [
  ['package.json', 'node'],
  ['function_app.py', 'python'],
  ['requirements.txt', 'python'],
];

/**
 * Works out the worker runtime of an app without FUNCTIONS_WORKER_RUNTIME. As the reference host does for
 * function.json apps, each function's script file names the language of the worker that claims its extension;
 * an app without function.json is told by its project file (`package.json`: node; `function_app.py` or
 * `requirements.txt`: python). An app that ships its own worker.config.json (a .NET isolated build output, which
 * has no local.settings.json after `dotnet publish`) is in that worker's language. Undefined when the files name
 * no language or more than one.
 */
export async function inferWorkerRuntime(
  appDir: string,
  configs: readonly WorkerConfig[],
  appWorker?: WorkerConfig,
): Promise<InferredRuntime | undefined> {
  if (appWorker) return { runtime: appWorker.language, from: WORKER_CONFIG_FILE };
  const entries = await readdir(appDir, { withFileTypes: true });
  const found = new Map<string, string>();
  for (const dir of entries.filter((entry) => entry.isDirectory() && isFunctionFolder(entry.name))) {
    const language = await functionLanguage(join(appDir, dir.name), configs);
    if (language) found.set(language, `${dir.name}/${FUNCTION_JSON_FILE}`);
  }
  if (found.size === 0) {
    const files = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
    for (const [file, runtime] of MARKERS)
      if (files.has(file) && !found.has(runtime)) found.set(runtime, file);
  }
  const [only, ...more] = found;
  if (!only || more.length > 0) return undefined;
  return { runtime: only[0], from: only[1] };
}

/** The language of the worker claiming the script of a function.json folder; undefined when none tells. */
async function functionLanguage(
  directory: string,
  configs: readonly WorkerConfig[],
): Promise<string | undefined> {
  const json = await readJsonObject(join(directory, FUNCTION_JSON_FILE), FUNCTION_JSON_FILE).catch(
    () => undefined,
  );
  if (!json) return undefined;
  const named = json['scriptFile'];
  const files = typeof named === 'string' && named !== '' ? [named] : await readdir(directory);
  for (const file of files) {
    const extension = extname(file).toLowerCase();
    const config = configs.find(
      (c) => !c.isDisabled && c.extensions.some((e) => e.toLowerCase() === extension),
    );
    if (config) return config.language;
  }
  return undefined;
}
