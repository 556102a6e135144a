import { toTypedData, type MessagePayloadInit, type TypedData } from '@functions-rpc/protocol';
import { timerInfoJson, timerTriggerMetadata } from '../triggers/timer/timer-info.js';
import { adminTriggerMetadata } from './admin-trigger-metadata.js';
import type { FunctionInfo } from './function-info.js';

/** The trigger input and metadata of one non-HTTP invocation. */
export interface TriggerInput {
  readonly inputData: MessagePayloadInit<'invocationRequest'>['inputData'];
  readonly triggerMetadata: Record<string, TypedData>;
}

/**
 * The TimerInfo of a timer invocation run by hand (admin API): not past due, no schedule status, in the
 * reference host's PascalCase JSON.
 */
export function manualTimerInfo(): string {
  return timerInfoJson({ isPastDue: false, adjustForDST: true, status: null });
}

/**
 * Input of a timer tick: the TimerInfo JSON text as `json`, and `TimerTrigger` metadata (BEHAVIOR 6.5).
 *
 * @param timerTrigger The `TimerTrigger` metadata text (a date); now when absent.
 */
export function timerInput(fn: FunctionInfo, timerInfoJson: string, timerTrigger?: string): TriggerInput {
  // toTypedData(…, 'json') serializes its value, so the text is parsed first rather than quoted twice.
  const timerInfo = toTypedData(JSON.parse(timerInfoJson), 'json');
  return {
    inputData: [{ name: fn.trigger.name, rpcData: { case: 'data', value: timerInfo } }],
    triggerMetadata: {
      TimerTrigger: toTypedData(timerTrigger ?? timerTriggerMetadata(new Date()).TimerTrigger, 'string'),
    },
  };
}

/**
 * Input of an admin invoke (`{"input": "..."}`) per BEHAVIOR 6.1/6.5: a timer gets a TimerInfo, other
 * triggers the text as `string` (or `bytes` for a `binary` trigger), with the trigger metadata the reference
 * host binds for such a call ({@link adminTriggerMetadata}).
 */
export function adminInput(fn: FunctionInfo, input: string): TriggerInput {
  if (fn.trigger.type.toLowerCase() === 'timertrigger') return timerInput(fn, manualTimerInfo());
  const value =
    fn.trigger.dataType === 'binary'
      ? toTypedData(Buffer.from(input), 'bytes')
      : toTypedData(input, 'string');
  return {
    inputData: [{ name: fn.trigger.name, rpcData: { case: 'data', value } }],
    triggerMetadata: adminTriggerMetadata(fn.trigger.type, input),
  };
}
