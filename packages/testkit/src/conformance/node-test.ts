import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostScenario } from '../host-conformance/host-scenario.js';
import { HOST_SCENARIOS } from '../host-conformance/host-scenarios.js';
import type { HostUnderTest } from '../host-conformance/host-session.js';
import { runHostScenario } from '../host-conformance/host-suite.js';
import { formatFailures } from './report.js';
import type { ScenarioInfo } from './run-scenario.js';
import type { WorkerScenario } from './scenario.js';
import type { ScenarioResult } from './verdict.js';
import { runWorkerScenario, WORKER_SCENARIOS } from './worker-suite.js';
import type { WorkerUnderTest } from './worker-session.js';

/** Options of {@link describeWorkerConformance} and {@link describeHostConformance}. */
export interface ConformanceTestOptions {
  /** Scenario names to register; all by default. */
  readonly only?: readonly string[];
  /** Per-scenario timeout; default 120 s. */
  readonly timeoutMs?: number;
  /**
   * Scenarios the implementation is known to fail, with why: registered as `todo` tests, which report their
   * outcome without failing the run.
   */
  readonly knownGaps?: Readonly<Record<string, string>>;
  /** Why the suite is skipped when the target function returns undefined. */
  readonly skipReason?: string;
}

/**
 * Registers a node:test suite with one `test()` per worker scenario: a failed scenario fails its test with
 * the reason and the messages involved, a scenario that does not apply is skipped with the reason.
 *
 * @param target the worker and app, or a function giving them (undefined skips the suite with `skipReason`).
 */
export function describeWorkerConformance(
  name: string,
  target: WorkerUnderTest | (() => WorkerUnderTest | undefined),
  options: ConformanceTestOptions = {},
): void {
  describeScenarios<WorkerScenario, WorkerUnderTest>(
    name,
    WORKER_SCENARIOS,
    runWorkerScenario,
    target,
    options,
  );
}

/** As {@link describeWorkerConformance}, for a host: one `test()` per host scenario. */
export function describeHostConformance(
  name: string,
  target: HostUnderTest | (() => HostUnderTest | undefined),
  options: ConformanceTestOptions = {},
): void {
  describeScenarios<HostScenario, HostUnderTest>(name, HOST_SCENARIOS, runHostScenario, target, options);
}

function describeScenarios<S extends ScenarioInfo, T extends object>(
  name: string,
  scenarios: readonly S[],
  run: (scenario: S, target: T) => Promise<ScenarioResult>,
  target: T | (() => T | undefined),
  options: ConformanceTestOptions,
): void {
  const resolved = typeof target === 'function' ? target() : target;
  describe(name, { skip: resolved ? false : (options.skipReason ?? true) }, () => {
    for (const scenario of scenarios) {
      if (options.only && !options.only.includes(scenario.name)) continue;
      const gap = options.knownGaps?.[scenario.name];
      const testOptions = { timeout: options.timeoutMs ?? 120_000, ...(gap ? { todo: gap } : {}) };
      test(`${scenario.name}: ${scenario.title}`, testOptions, async (t) => {
        const result = await run(scenario, resolved!);
        if (result.verdict === 'not-applicable') {
          t.skip(`not applicable: ${result.reason}`);
          return;
        }
        assert.ok(result.verdict === 'pass', `${result.reason}\n${formatFailures([result])}`);
      });
    }
  });
}
