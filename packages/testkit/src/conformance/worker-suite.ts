import type { WorkerScenario } from './scenario.js';
import { messageJson, NotApplicable, ScenarioFailure, type ScenarioResult } from './verdict.js';
import * as control from './worker-scenarios/control.js';
import * as http from './worker-scenarios/http.js';
import * as invocation from './worker-scenarios/invocation.js';
import * as lifecycle from './worker-scenarios/lifecycle.js';
import * as shutdown from './worker-scenarios/shutdown.js';
import { WorkerSession, type WorkerUnderTest } from './worker-session.js';

/** Every worker scenario, in the order a host meets the situations. */
export const WORKER_SCENARIOS: readonly WorkerScenario[] = [
  lifecycle.startStream,
  lifecycle.initResponse,
  lifecycle.indexing,
  lifecycle.load,
  lifecycle.loadCollection,
  lifecycle.loadUnknownFunction,
  http.httpRequestParts,
  http.httpJsonBody,
  http.httpTextBody,
  http.httpBinaryBody,
  http.httpResponseParts,
  invocation.invocationFailure,
  invocation.invocationLogs,
  invocation.timerInvocation,
  invocation.queueInvocation,
  invocation.concurrentInvocations,
  http.largeBody,
  control.workerStatus,
  invocation.invocationCancel,
  control.warmup,
  control.environmentReload,
  control.unknownMessage,
  shutdown.terminate,
  shutdown.streamEnded,
];

/** Options of {@link runWorkerSuite}. */
export interface WorkerSuiteOptions extends WorkerUnderTest {
  /** Scenario names to run; all by default. */
  readonly only?: readonly string[];
  /** Called after each scenario, for progress output. */
  readonly onResult?: (result: ScenarioResult) => void;
}

/** The longest slice of worker output put into a failure reason. */
const MAX_OUTPUT = 2000;

/** Runs one scenario against a fresh worker process and says how it ended. */
export async function runWorkerScenario(
  scenario: WorkerScenario,
  target: WorkerUnderTest,
): Promise<ScenarioResult> {
  const started = performance.now();
  const result = (outcome: Omit<ScenarioResult, 'name' | 'title' | 'durationMs'>): ScenarioResult => ({
    name: scenario.name,
    title: scenario.title,
    ...outcome,
    durationMs: Math.round(performance.now() - started),
  });
  let session: WorkerSession | undefined;
  try {
    session = await WorkerSession.start(target);
    await scenario.run(session);
    await session.settle();
    session.checkMonitor();
    return result({ verdict: 'pass' });
  } catch (error) {
    try {
      session?.checkMonitor();
    } catch (violation) {
      return failure(result, violation);
    }
    if (error instanceof NotApplicable) return result({ verdict: 'not-applicable', reason: error.message });
    return failure(result, error);
  } finally {
    await session?.dispose();
  }
}

/** Runs the scenarios one after the other, each against its own worker process. */
export async function runWorkerSuite(options: WorkerSuiteOptions): Promise<ScenarioResult[]> {
  const unknown = (options.only ?? []).filter((name) => !WORKER_SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`Unknown scenario: ${unknown.join(', ')}`);
  const results: ScenarioResult[] = [];
  for (const scenario of WORKER_SCENARIOS) {
    if (options.only && options.only.length > 0 && !options.only.includes(scenario.name)) continue;
    const outcome = await runWorkerScenario(scenario, options);
    results.push(outcome);
    options.onResult?.(outcome);
  }
  return results;
}

function failure(
  result: (outcome: Omit<ScenarioResult, 'name' | 'title' | 'durationMs'>) => ScenarioResult,
  error: unknown,
): ScenarioResult {
  const reason = shortReason(error instanceof Error ? error.message : String(error));
  const messages = error instanceof ScenarioFailure ? error.messages.map(messageJson) : [];
  return result({ verdict: 'fail', reason, ...(messages.length > 0 ? { messages } : {}) });
}

/** A reason with the worker's output (which driver errors append) cut to its end. */
function shortReason(reason: string): string {
  const marker = reason.indexOf('\nWorker output:\n');
  if (marker < 0) return reason;
  const output = reason.slice(marker + '\nWorker output:\n'.length).trim();
  const head = reason.slice(0, marker);
  if (!output) return head;
  return `${head}\nWorker output (end):\n${output.length > MAX_OUTPUT ? `...${output.slice(-MAX_OUTPUT)}` : output}`;
}
