import { extname } from 'node:path';
import { isObject, type JsonObject } from '../json/json-object.js';
import type { RpcRetryOptions } from '../gen/FunctionRpc_pb.js';
import { parseBinding, type FunctionBinding } from './function-binding.js';
import { parseRetryOptions } from './retry-options.js';
import { validateFunction } from './validate-function.js';

/** The file describing one function of a function.json app, in the function's own folder. */
export const FUNCTION_JSON_FILE = 'function.json';

/** What one function.json says about its function (BEHAVIOR 4.3), before a script file is chosen. */
export interface FunctionJson {
  readonly bindings: readonly FunctionBinding[];
  /** The input binding whose type ends in `trigger`. */
  readonly trigger: FunctionBinding;
  /** `scriptFile` as written (relative to the function's folder); undefined when not set. */
  readonly scriptFile: string | undefined;
  readonly entryPoint: string;
  readonly disabled: boolean;
  /** `properties`, every value as text. */
  readonly properties: Readonly<Record<string, string>>;
  /** `retry`, when set. */
  readonly retryOptions?: RpcRetryOptions;
}

/** Whether a sub-folder of the app may hold a function: hidden folders and `node_modules` never do. */
export function isFunctionFolder(name: string): boolean {
  return !name.startsWith('.') && name !== 'node_modules';
}

/**
 * Reads and validates the function.json of the function `name` (the name of its folder).
 *
 * @throws Error with a one-line reason when the bindings are missing or invalid.
 */
export function parseFunctionJson(name: string, json: JsonObject): FunctionJson {
  const rawBindings = json['bindings'];
  if (!Array.isArray(rawBindings)) throw new Error('function.json has no "bindings" array');
  const bindings = rawBindings.map((binding) => parseBinding(binding));
  const named = json['scriptFile'];
  return {
    bindings,
    trigger: validateFunction(name, bindings),
    scriptFile: typeof named === 'string' && named !== '' ? named : undefined,
    entryPoint: typeof json['entryPoint'] === 'string' ? json['entryPoint'] : '',
    disabled: json['disabled'] === true,
    properties: isObject(json['properties']) ? stringValues(json['properties']) : {},
    ...(json['retry'] !== undefined ? { retryOptions: parseRetryOptions(json['retry']) } : {}),
  };
}

/**
 * The script of a function whose function.json names none, among the file names of its folder: the only file
 * with one of the worker's extensions, else `run.*`, else `index.*`, else `__init__.py`.
 */
export function pickScriptFile(files: readonly string[], extensions: readonly string[]): string | undefined {
  const scripts = files.filter((file) => extensions.includes(extname(file)));
  if (scripts.length === 1) return scripts[0];
  return (
    scripts.find((f) => f.startsWith('run.')) ??
    scripts.find((f) => f.startsWith('index.')) ??
    scripts.find((f) => f === '__init__.py')
  );
}

function stringValues(object: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, String(value)]));
}
