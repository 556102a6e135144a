import type { WorkerBehaviour } from './autopilot.js';
import type { HostSession } from './host-session.js';

/** One host conformance scenario. */
export interface HostScenario {
  /** Stable kebab-case name, used by `--only` and in reports. */
  readonly name: string;
  /** What it checks, in one line. */
  readonly title: string;
  /** How the stand-in workers behave in this scenario (made once per host); a correct worker by default. */
  readonly behaviour?: () => WorkerBehaviour;
  /** Runs against a freshly started host; throws NotApplicable or ScenarioFailure, returns on pass. */
  run(session: HostSession): Promise<void>;
}
