import { messageJson, NotApplicable, ScenarioFailure, type ScenarioResult } from './verdict.js';

/** What a scenario's result names. */
export interface ScenarioInfo {
  readonly name: string;
  readonly title: string;
}

/** Something a scenario starts and always disposes of: a worker session, a host session. */
export interface Disposable {
  dispose(): Promise<void>;
}

/** The longest slice of process output put into a failure reason. */
const MAX_OUTPUT = 2000;

/**
 * Runs one scenario: starts its session, runs its body, and turns what was thrown into a verdict
 * (NotApplicable: not applicable; anything else: fail). `verify` runs after the body either way and wins
 * over a not-applicable verdict, so a protocol violation is never hidden.
 */
export async function runScenario<S extends Disposable>(
  info: ScenarioInfo,
  start: () => Promise<S>,
  body: (session: S) => Promise<void>,
  verify: (session: S) => void = () => undefined,
): Promise<ScenarioResult> {
  const started = performance.now();
  const result = (outcome: Omit<ScenarioResult, 'name' | 'title' | 'durationMs'>): ScenarioResult => ({
    name: info.name,
    title: info.title,
    ...outcome,
    durationMs: Math.round(performance.now() - started),
  });
  let session: S | undefined;
  try {
    session = await start();
    await body(session);
    verify(session);
    return result({ verdict: 'pass' });
  } catch (error) {
    try {
      if (session) verify(session);
    } catch (violation) {
      return result(failure(violation));
    }
    if (error instanceof NotApplicable) return result({ verdict: 'not-applicable', reason: error.message });
    return result(failure(error));
  } finally {
    await session?.dispose();
  }
}

function failure(error: unknown): Omit<ScenarioResult, 'name' | 'title' | 'durationMs'> {
  const reason = shortReason(error instanceof Error ? error.message : String(error));
  const messages = error instanceof ScenarioFailure ? error.messages.map(messageJson) : [];
  return { verdict: 'fail', reason, ...(messages.length > 0 ? { messages } : {}) };
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

/**
 * Runs the named scenarios (all when `only` is empty) one after the other.
 *
 * @throws Error naming any entry of `only` that is not a scenario.
 */
export async function runScenarios<T extends ScenarioInfo>(
  scenarios: readonly T[],
  only: readonly string[] | undefined,
  run: (scenario: T) => Promise<ScenarioResult>,
  onResult?: (result: ScenarioResult) => void,
): Promise<ScenarioResult[]> {
  const unknown = (only ?? []).filter((name) => !scenarios.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`Unknown scenario: ${unknown.join(', ')}`);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    if (only && only.length > 0 && !only.includes(scenario.name)) continue;
    const outcome = await run(scenario);
    results.push(outcome);
    onResult?.(outcome);
  }
  return results;
}
