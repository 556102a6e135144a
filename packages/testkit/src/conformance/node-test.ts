import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatFailures } from './report.js';
import { runWorkerScenario, WORKER_SCENARIOS } from './worker-suite.js';
import type { WorkerUnderTest } from './worker-session.js';

/** Options of {@link describeWorkerConformance}. */
export interface WorkerConformanceTestOptions {
  /** Scenario names to register; all by default. */
  readonly only?: readonly string[];
  /** Per-scenario timeout; default 120 s. */
  readonly timeoutMs?: number;
  /**
   * Scenarios the worker is known to fail, with why: registered as `todo` tests, which report their outcome
   * without failing the run.
   */
  readonly knownGaps?: Readonly<Record<string, string>>;
}

/**
 * Registers a node:test suite with one `test()` per worker scenario: a failed scenario fails its test with
 * the reason and the messages involved, a scenario that does not apply is skipped with the reason.
 *
 * @param target the worker and app, or a function that provides them when the suite runs (for
 *   targets found at run time; return undefined to skip the whole suite with `skipReason`).
 */
export function describeWorkerConformance(
  name: string,
  target: WorkerUnderTest | (() => WorkerUnderTest | undefined),
  options: WorkerConformanceTestOptions & { readonly skipReason?: string } = {},
): void {
  const resolved = typeof target === 'function' ? target() : target;
  describe(name, { skip: resolved ? false : (options.skipReason ?? true) }, () => {
    for (const scenario of WORKER_SCENARIOS) {
      if (options.only && !options.only.includes(scenario.name)) continue;
      const gap = options.knownGaps?.[scenario.name];
      const testOptions = { timeout: options.timeoutMs ?? 120_000, ...(gap ? { todo: gap } : {}) };
      test(`${scenario.name}: ${scenario.title}`, testOptions, async (t) => {
        const result = await runWorkerScenario(scenario, resolved!);
        if (result.verdict === 'not-applicable') {
          t.skip(`not applicable: ${result.reason}`);
          return;
        }
        assert.ok(result.verdict === 'pass', `${result.reason}\n${formatFailures([result])}`);
      });
    }
  });
}
