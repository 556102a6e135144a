import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  FUNCTION_JSON_FILE,
  isFunctionFolder,
  parseFunctionJson,
  pickScriptFile,
  type JsonObject,
} from '@functions-rpc/protocol';
import { readJsonObject } from '../config/json-file.js';
import type { FunctionInfo } from './function-info.js';
import { readFunctionTimeout } from './function-timeout.js';
import type { IndexResult } from './worker-indexing.js';

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
  const dirs = entries.filter((e) => e.isDirectory() && isFunctionFolder(e.name));
  for (const dir of dirs.sort((a, b) => a.name.localeCompare(b.name))) {
    const directory = join(context.appDir, dir.name);
    try {
      const json = await readJsonObject(
        join(directory, FUNCTION_JSON_FILE),
        `${dir.name}/${FUNCTION_JSON_FILE}`,
      );
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
  json: JsonObject,
  context: HostIndexingContext,
): Promise<FunctionInfo> {
  const parsed = parseFunctionJson(name, json);
  return {
    name,
    functionId: randomUUID(),
    directory,
    scriptFile: await findScriptFile(directory, parsed.scriptFile, context.extensions),
    entryPoint: parsed.entryPoint,
    language: context.language,
    bindings: parsed.bindings,
    trigger: parsed.trigger,
    isProxy: false,
    disabled: parsed.disabled,
    properties: parsed.properties,
    ...(parsed.retryOptions ? { retryOptions: parsed.retryOptions } : {}),
    ...readFunctionTimeout(json['functionTimeout']),
    indexedBy: 'host',
  };
}

/** `scriptFile` relative to the function's folder, else the one `pickScriptFile` finds among its files. */
async function findScriptFile(
  directory: string,
  named: string | undefined,
  extensions: readonly string[],
): Promise<string> {
  if (named !== undefined) return resolve(directory, named);
  const files = [];
  for (const entry of await readdir(directory)) {
    if ((await stat(join(directory, entry))).isFile()) files.push(entry);
  }
  const pick = pickScriptFile(files, extensions);
  if (!pick) throw new Error('no script file found (set "scriptFile" in function.json)');
  return join(directory, pick);
}
