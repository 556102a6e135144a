import type { WorkerSession } from './worker-session.js';

/** One worker conformance scenario. */
export interface WorkerScenario {
  /** Stable kebab-case name, used by `--only` and in reports. */
  readonly name: string;
  /** What it checks, in one line. */
  readonly title: string;
  /**
   * Runs against a freshly started worker (StartStream received, nothing else sent). Throws NotApplicable
   * or ScenarioFailure; returning means pass, unless the protocol monitor saw a violation.
   */
  run(session: WorkerSession): Promise<void>;
}
