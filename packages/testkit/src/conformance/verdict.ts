import { toJson } from '@bufbuild/protobuf';
import { StreamingMessageSchema, type StreamingMessage } from '@functions-rpc/protocol';

/** How one scenario ended. */
export type Verdict = 'pass' | 'fail' | 'not-applicable';

/** The outcome of one scenario, as the report shows it. */
export interface ScenarioResult {
  /** The scenario's stable name, such as `worker-status`. */
  readonly name: string;
  /** What the scenario checks, in one line. */
  readonly title: string;
  readonly verdict: Verdict;
  /** Why it failed, or which capability or app feature makes it not applicable. */
  readonly reason?: string;
  /** The messages involved in a failure, as protobuf JSON (long strings shortened). */
  readonly messages?: readonly unknown[];
  readonly durationMs: number;
}

/** Thrown by a scenario that does not apply to this worker or app; the message names the reason. */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable';
}

/** Thrown by a scenario that found the implementation at fault, with the messages that show it. */
export class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
  readonly messages: readonly StreamingMessage[];

  constructor(reason: string, messages: readonly (StreamingMessage | undefined)[] = []) {
    super(reason);
    this.messages = messages.filter((message) => message !== undefined);
  }
}

/** Fails the scenario unless `condition` holds. */
export function check(
  condition: unknown,
  reason: string,
  ...messages: (StreamingMessage | undefined)[]
): asserts condition {
  if (!condition) throw new ScenarioFailure(reason, messages);
}

/** The longest string kept in a reported message; 50 MB bodies are not worth printing. */
const MAX_STRING = 300;

/** A message as readable protobuf JSON, with long strings (base64 bodies included) cut short. */
export function messageJson(message: StreamingMessage): unknown {
  return shorten(toJson(StreamingMessageSchema, message, { alwaysEmitImplicit: false }));
}

function shorten(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length <= MAX_STRING
      ? value
      : `${value.slice(0, MAX_STRING)}... (${value.length} characters)`;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shorten(item)]));
  return value;
}
