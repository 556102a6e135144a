import type { WorkerScenario } from './scenario.js';
import { runScenario, runScenarios } from './run-scenario.js';
import type { ScenarioResult } from './verdict.js';
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

/** Runs one scenario against a fresh worker process and says how it ended. */
export function runWorkerScenario(
  scenario: WorkerScenario,
  target: WorkerUnderTest,
): Promise<ScenarioResult> {
  return runScenario(
    scenario,
    () => WorkerSession.start(target),
    async (session) => {
      await scenario.run(session);
      await session.settle();
    },
    (session) => session.checkMonitor(),
  );
}

/** Runs the scenarios one after the other, each against its own worker process. */
export function runWorkerSuite(options: WorkerSuiteOptions): Promise<ScenarioResult[]> {
  return runScenarios(
    WORKER_SCENARIOS,
    options.only,
    (scenario) => runWorkerScenario(scenario, options),
    options.onResult,
  );
}
