import type { FunctionBinding, TypedData } from '@functions-rpc/protocol';
import type { InvocationOutcome } from '../channel/invocation-outcome.js';
import type { FunctionInfo } from '../functions/function-info.js';
import type { TriggerInput } from '../functions/trigger-input.js';
import type { HostLogger } from '../log/host-logger.js';
import type { AppSettings } from '../storage/app-settings.js';
import type { BindingData } from './binding-data.js';
import type { StorageAccounts } from '../storage/storage-accounts.js';
import type { QueueActivity } from './queue/queue-activity.js';
import type { StorageWrites } from './storage-writes.js';

/** Runs a function for a trigger: never rejects, resolves with the outcome (after the outputs are written). */
export type InvokeFunction = (
  fn: FunctionInfo,
  input: TriggerInput,
  reason: string,
) => Promise<InvocationOutcome>;

/** What a binding extension gets from the host for one run of the app. */
export interface BindingContext {
  /** local.settings.json Values over the environment. */
  readonly settings: AppSettings;
  readonly storage: StorageAccounts;
  /** The host id: names the host's receipts and locks in `azure-webjobs-hosts`. */
  readonly hostId: string;
  /** host.json `extensions`, each extension reading its own section. */
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly logger: HostLogger;
  readonly invoke: InvokeFunction;
  /** Lives as long as the host, across restarts: wake-ups and the runs of queue messages. */
  readonly queueActivity: QueueActivity;
  /** Lives as long as the host: blob writes of its outputs, which wake the triggers watching the container. */
  readonly blobWrites: StorageWrites;
  /** The largest message the worker takes, in bytes: what one invocation's inputs must fit in. */
  readonly maxMessageLength: number;
}

/** A running trigger listener of one function. */
export interface TriggerListener {
  /** Stops taking new work and waits for the invocations it started. */
  stop(): Promise<void>;
}

/** Writes the values a function returned for one of its output bindings. */
export interface OutputWriter {
  /**
   * Writes one value (never null: absent values are skipped before).
   *
   * @param data The invocation's binding data, for paths with `{expressions}`.
   * @throws Error when the value cannot be written; the invocation then fails.
   */
  write(value: TypedData, data: BindingData): Promise<void>;
}

/** Reads the value of one input binding before an invocation. */
export interface InputReader {
  /**
   * The input's value: empty TypedData (no member set) when there is none, as the reference host sends it.
   *
   * @throws Error when the value cannot be read; the invocation then fails without running.
   */
  read(data: BindingData): Promise<TypedData>;
}

/**
 * One binding type family (e.g. storage queues): its trigger listener, its inputs and outputs, as the host registers
 * it. Types are compared case-insensitively. Adding a binding type is adding a folder with one of these.
 */
export interface BindingExtension {
  /** For logs, e.g. `Queues`. */
  readonly name: string;
  /** Trigger binding types it listens for, as function.json spells them (e.g. `queueTrigger`). */
  readonly triggerTypes: readonly string[];
  /** Output binding types it writes (e.g. `queue`). */
  readonly outputTypes: readonly string[];
  /** Input binding types it reads (e.g. `blob`). */
  readonly inputTypes?: readonly string[];
  /**
   * Starts the trigger listener of a function whose trigger is one of {@link triggerTypes}.
   *
   * @throws Error for a binding that cannot work (bad settings); the function is then not listened for.
   */
  listen?(fn: FunctionInfo, context: BindingContext): Promise<TriggerListener>;
  /**
   * Why a function with this trigger (one of {@link triggerTypes}) could never fire here, or undefined when it
   * can: a setting this host does not support or a malformed one. Asked before the function loads; a reason
   * puts the function in error, as the reference host does with a trigger that fails to index.
   */
  triggerError?(trigger: FunctionBinding): string | undefined;
  /**
   * The writer of an output binding of one of {@link outputTypes}.
   *
   * @throws Error for a binding that cannot work (bad settings).
   */
  output?(binding: FunctionBinding, context: BindingContext): OutputWriter;
  /**
   * The reader of an input binding of one of {@link inputTypes}.
   *
   * @throws Error for a binding that cannot work (bad settings).
   */
  input?(binding: FunctionBinding, context: BindingContext): InputReader;
}
