import {
  parseBinding,
  validateFunction,
  type FunctionBinding,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';
import type { FunctionInfo } from './function-info.js';
import { readFunctionTimeout } from './function-timeout.js';

/** The functions a worker indexed, and why others were dropped. */
export interface IndexResult {
  readonly functions: FunctionInfo[];
  /** One line per dropped or failed function. */
  readonly errors: string[];
}

/**
 * Builds functions from a FunctionMetadataResponse as the reference host does: from `raw_bindings` (the
 * `bindings` map is ignored), requiring a non-empty unique `function_id`, validating each function.
 * A function whose own status is Failure is dropped with its error.
 */
export function fromWorkerMetadata(results: readonly RpcFunctionMetadata[], language: string): IndexResult {
  const functions: FunctionInfo[] = [];
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const metadata of results) {
    const label = metadata.name || '(unnamed)';
    try {
      if (metadata.status && metadata.status.status !== 1) {
        throw new Error(metadata.status.exception?.message || 'the worker reported a failure');
      }
      if (!metadata.functionId) throw new Error('it has no function_id');
      if (ids.has(metadata.functionId)) throw new Error(`function_id '${metadata.functionId}' is not unique`);
      const bindings = metadata.rawBindings.map((raw) => parseRawBinding(raw));
      const trigger = validateFunction(metadata.name, bindings);
      ids.add(metadata.functionId);
      functions.push(toFunctionInfo(metadata, bindings, trigger, language));
    } catch (error) {
      errors.push(`Function '${label}' was not indexed: ${(error as Error).message}.`);
    }
  }
  return { functions, errors };
}

function toFunctionInfo(
  metadata: RpcFunctionMetadata,
  bindings: FunctionBinding[],
  trigger: FunctionBinding,
  language: string,
): FunctionInfo {
  const disabled = String(metadata.properties['IsDisabled'] ?? '').toLowerCase() === 'true';
  return {
    name: metadata.name,
    functionId: metadata.functionId,
    directory: metadata.directory,
    scriptFile: metadata.scriptFile,
    entryPoint: metadata.entryPoint,
    language,
    bindings,
    trigger,
    isProxy: metadata.isProxy,
    disabled,
    properties: { ...metadata.properties },
    ...(metadata.retryOptions ? { retryOptions: metadata.retryOptions } : {}),
    ...readFunctionTimeout(metadata.properties['functionTimeout']),
    indexedBy: 'worker',
  };
}

function parseRawBinding(raw: string): FunctionBinding {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`a raw binding is not JSON: ${raw.slice(0, 80)}`);
  }
  return parseBinding(json);
}
