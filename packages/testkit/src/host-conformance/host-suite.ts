import { runScenario, runScenarios } from '../conformance/run-scenario.js';
import type { ScenarioResult } from '../conformance/verdict.js';
import type { HostScenario } from './host-scenario.js';
import { HOST_SCENARIOS } from './host-scenarios.js';
import { HostSession, type HostUnderTest } from './host-session.js';

/** Options of {@link runHostSuite}. */
export interface HostSuiteOptions extends HostUnderTest {
  /** Scenario names to run; all by default. */
  readonly only?: readonly string[];
  /** Called after each scenario, for progress output. */
  readonly onResult?: (result: ScenarioResult) => void;
}

/** Runs one scenario against a freshly started host and says how it ended. */
export function runHostScenario(scenario: HostScenario, target: HostUnderTest): Promise<ScenarioResult> {
  return runScenario(
    scenario,
    () => HostSession.start(target, scenario.behaviour?.()),
    async (session) => {
      try {
        await scenario.run(session);
      } catch (error) {
        if (error instanceof Error && session.output) error.message += `\n${session.tail()}`;
        throw error;
      }
    },
  );
}

/** Runs the host scenarios one after the other, each against its own host process. */
export function runHostSuite(options: HostSuiteOptions): Promise<ScenarioResult[]> {
  return runScenarios(
    HOST_SCENARIOS,
    options.only,
    (scenario) => runHostScenario(scenario, options),
    options.onResult,
  );
}
