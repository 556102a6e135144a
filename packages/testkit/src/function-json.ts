import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  FUNCTION_JSON_FILE,
  isFunctionFolder,
  parseConfigJson,
  parseFunctionJson,
  pickScriptFile,
  rpcFunctionMetadata,
  type JsonObject,
  type RpcFunctionMetadataInit,
} from '@functions-rpc/protocol';

const NODE_EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** The worker's language as host indexing needs it; Node.js by default. */
export interface FunctionJsonLanguage {
  /** Script extensions tried when function.json names no `scriptFile`. */
  readonly extensions?: readonly string[] | undefined;
  /** Put into each function's `language`. */
  readonly language?: string | undefined;
}

/**
 * Host indexing of a function.json app (Node.js unless `language` says otherwise), with the protocol package's rules (BEHAVIOR 4.3): one function
 * per sub-directory holding a function.json, named after the directory, with `script_file` absolute. The
 * function id is the name, so tests can address functions by name.
 *
 * @throws Error when a function.json is invalid or names no script file.
 */
export function readFunctionJsonMetadata(
  appDir: string,
  language: FunctionJsonLanguage = {},
): RpcFunctionMetadataInit[] {
  return readdirSync(appDir)
    .filter((name) => isFunctionFolder(name) && statSync(join(appDir, name)).isDirectory())
    .filter((name) => statSync(join(appDir, name, FUNCTION_JSON_FILE), { throwIfNoEntry: false })?.isFile())
    .sort((a, b) => a.localeCompare(b))
    .map((name) => functionMetadata(join(appDir, name), name, language));
}

function functionMetadata(
  directory: string,
  name: string,
  language: FunctionJsonLanguage,
): RpcFunctionMetadataInit {
  const json = parseConfigJson(readFileSync(join(directory, FUNCTION_JSON_FILE), 'utf8')) as JsonObject;
  const fn = parseFunctionJson(name, json);
  return {
    ...rpcFunctionMetadata({
      ...fn,
      name,
      functionId: name,
      directory,
      scriptFile:
        fn.scriptFile === undefined
          ? join(directory, scriptOf(directory, language.extensions ?? NODE_EXTENSIONS))
          : resolve(directory, fn.scriptFile),
      language: language.language ?? 'node',
      isProxy: false,
    }),
    rawBindings: fn.bindings.map((binding) => JSON.stringify(binding.settings)),
  };
}

function scriptOf(directory: string, extensions: readonly string[]): string {
  const files = readdirSync(directory).filter((file) => statSync(join(directory, file)).isFile());
  const script = pickScriptFile(files, extensions);
  if (!script) throw new Error(`${directory}: no script file found (set "scriptFile" in function.json)`);
  return script;
}
