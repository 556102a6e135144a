import type { WorkerChannel } from '../channel/worker-channel.js';
import type { FunctionInfo } from '../functions/function-info.js';

/** One function as `GET /admin/functions` reports it (a subset of the reference host's fields). */
export interface FunctionView {
  readonly name: string;
  readonly id: string;
  readonly href: string;
  readonly invoke_url_template: string | null;
  readonly language: string;
  readonly trigger: string;
  readonly config: {
    readonly bindings: readonly Readonly<Record<string, unknown>>[];
    readonly disabled: boolean;
  };
  readonly script_href: string;
  readonly isDisabled: boolean;
  readonly isDirect: boolean;
  readonly isProxy: boolean;
}

/** One worker as `GET /admin/host/status` reports it. */
export interface WorkerView {
  readonly workerId: string;
  readonly pid: number | undefined;
  readonly state: string;
  readonly runtime: string;
  readonly runtimeVersion: string | undefined;
  readonly workerVersion: string | undefined;
  readonly capabilities: Readonly<Record<string, string>>;
  readonly inFlight: number;
  readonly startedAt: string;
  /** WorkerStatus round-trips in ms, newest last; empty for workers without the WorkerStatus capability. */
  readonly statusLatencyMs: readonly number[];
  readonly loadErrors: readonly string[];
}

/** The admin view of a function. */
export function functionView(fn: FunctionInfo, baseUrl: string, invokeUrl: string | undefined): FunctionView {
  return {
    name: fn.name,
    id: fn.functionId,
    href: `${baseUrl}/admin/functions/${fn.name}`,
    invoke_url_template: invokeUrl ?? null,
    language: fn.language,
    trigger: fn.trigger.type,
    config: { bindings: fn.bindings.map((binding) => binding.settings), disabled: fn.disabled },
    script_href: fn.scriptFile,
    isDisabled: fn.disabled,
    isDirect: fn.indexedBy === 'worker',
    isProxy: fn.isProxy,
  };
}

/** The admin view of a worker. */
export function workerView(channel: WorkerChannel): WorkerView {
  const metadata = channel.workerMetadata;
  return {
    workerId: channel.workerId,
    pid: channel.pid,
    state: channel.state,
    runtime: metadata?.runtimeName || channel.worker.language,
    runtimeVersion: metadata?.runtimeVersion || channel.worker.defaultRuntimeVersion,
    workerVersion: metadata?.workerVersion || undefined,
    capabilities: channel.capabilities,
    inFlight: channel.inFlight,
    startedAt: channel.startedAt.toISOString(),
    statusLatencyMs: [...channel.latencies],
    loadErrors: [...channel.loadErrors.values()],
  };
}
