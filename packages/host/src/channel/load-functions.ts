import { StatusResult_Status, type StatusResult } from '@functions-rpc/protocol';
import type { FunctionInfo } from '../functions/function-info.js';
import { loadOrder, loadRequest } from '../functions/load-request.js';
import type { ChannelIo } from './channel-io.js';
import { statusMessage } from './status-message.js';

interface LoadResult {
  readonly functionId: string;
  readonly result?: StatusResult | undefined;
}

/**
 * Loads functions on one worker: a FunctionLoadRequestCollection answered by one collection when
 * `collection` is set, else one FunctionLoadRequest per function matched by function_id.
 *
 * @returns the load error of each function that failed (by function id); a function the worker did not
 * answer for counts as failed, an answer for an unknown id is reported through `onUnknown`.
 * @throws Error when the answers do not come within `timeoutMs`.
 */
export async function loadFunctions(
  io: ChannelIo,
  functions: readonly FunctionInfo[],
  collection: boolean,
  timeoutMs: number | undefined,
  onUnknown: (functionId: string) => void,
): Promise<Map<string, string>> {
  const ordered = loadOrder(functions);
  const results = collection
    ? await loadCollection(io, ordered, timeoutMs)
    : await Promise.all(ordered.map((fn) => loadOne(io, fn, timeoutMs)));
  const errors = new Map<string, string>();
  const answered = new Set<string>();
  for (const { functionId, result } of results) {
    const fn = functions.find((candidate) => candidate.functionId === functionId);
    if (!fn) {
      onUnknown(functionId);
      continue;
    }
    answered.add(functionId);
    if (result?.status !== StatusResult_Status.Success) {
      errors.set(functionId, `Function '${fn.name}' failed to load: ${statusMessage(result)}`);
    }
  }
  for (const fn of functions.filter((f) => !answered.has(f.functionId))) {
    errors.set(
      fn.functionId,
      `Function '${fn.name}' failed to load: the worker sent no load response for it`,
    );
  }
  return errors;
}

async function loadCollection(
  io: ChannelIo,
  functions: readonly FunctionInfo[],
  timeoutMs: number | undefined,
): Promise<readonly LoadResult[]> {
  const reply = io.pending.wait(
    'functionLoadResponseCollection',
    'FunctionLoadResponseCollection',
    timeoutMs,
  );
  io.send('functionLoadRequestCollection', { functionLoadRequests: functions.map(loadRequest) });
  return (await reply).functionLoadResponses;
}

async function loadOne(io: ChannelIo, fn: FunctionInfo, timeoutMs: number | undefined): Promise<LoadResult> {
  const reply = io.pending.wait(
    'functionLoadResponse',
    `FunctionLoadResponse for '${fn.name}'`,
    timeoutMs,
    (response) => response.functionId === fn.functionId,
  );
  io.send('functionLoadRequest', loadRequest(fn));
  return reply;
}
