import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { isObject, readJsonObject } from '../config/json-file.js';
import type { FunctionInfo } from './function-info.js';
import { readFunctionTimeout } from './function-timeout.js';
import { parseBinding } from './parse-binding.js';
import type { IndexResult } from './worker-indexing.js';
import { validateFunction } from './validate-function.js';

/** What host indexing needs to know about the app and its worker. */
export interface HostIndexingContext {
  readonly appDir: string;
  readonly language: string;
  /** The worker's file extensions, to pick a script file when function.json names none. */
  readonly extensions: readonly string[];
}

/**
 * Indexes a function.json app (BEHAVIOR 4.3): one sub-directory per function, the function named after
 * it. Each function gets a fresh id, the same for every worker of this host.
 */
export async function indexFunctionJsonApp(context: HostIndexingContext): Promise<IndexResult> {
  const functions: FunctionInfo[] = [];
  const errors: string[] = [];
  const entries = await readdir(context.appDir, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules');
  for (const dir of dirs.sort((a, b) => a.name.localeCompare(b.name))) {
    const directory = join(context.appDir, dir.name);
    try {
      const json = await readJsonObject(join(directory, 'function.json'), `${dir.name}/function.json`);
      if (!json) continue;
      functions.push(await fromFunctionJson(dir.name, directory, json, context));
    } catch (error) {
      errors.push(`Function '${dir.name}' was not indexed: ${(error as Error).message}.`);
    }
  }
  return { functions, errors };
}

async function fromFunctionJson(
  name: string,
  directory: string,
  json: Readonly<Record<string, unknown>>,
  context: HostIndexingContext,
): Promise<FunctionInfo> {
  const rawBindings = json['bindings'];
  if (!Array.isArray(rawBindings)) throw new Error('function.json has no "bindings" array');
  const bindings = rawBindings.map((binding) => parseBinding(binding));
  const trigger = validateFunction(name, bindings);
  const scriptFile = await findScriptFile(directory, json['scriptFile'], context.extensions);
  return {
    name,
    functionId: randomUUID(),
    directory,
    scriptFile,
    entryPoint: typeof json['entryPoint'] === 'string' ? json['entryPoint'] : '',
    language: context.language,
    bindings,
    trigger,
    isProxy: false,
    disabled: json['disabled'] === true,
    properties: isObject(json['properties']) ? stringValues(json['properties']) : {},
    ...readFunctionTimeout(json['functionTimeout']),
    indexedBy: 'host',
  };
}

/** `scriptFile` relative to the function's folder, else its only script, else `run.*` / `index.*`. */
async function findScriptFile(
  directory: string,
  named: unknown,
  extensions: readonly string[],
): Promise<string> {
  if (typeof named === 'string' && named !== '') return resolve(directory, named);
  const files = [];
  for (const entry of await readdir(directory)) {
    if ((await stat(join(directory, entry))).isFile() && extensions.includes(extname(entry)))
      files.push(entry);
  }
  const pick =
    files.length === 1
      ? files[0]
      : (files.find((f) => f.startsWith('run.')) ??
        files.find((f) => f.startsWith('index.')) ??
        files.find((f) => f === '__init__.py'));
  if (!pick) throw new Error('no script file found (set "scriptFile" in function.json)');
  return join(directory, pick);
}

function stringValues(object: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, String(value)]));
}
