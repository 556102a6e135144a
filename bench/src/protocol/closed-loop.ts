/** What one measured run produced. */
export interface LoopResult {
  readonly invocations: number;
  readonly elapsedMs: number;
  /** One latency per invocation, in ms. */
  readonly latenciesMs: number[];
}

/** Either a deadline or a fixed number of calls ends a run. */
export type LoopBound = { readonly durationMs: number } | { readonly count: number };

/**
 * Keeps `inFlight` calls outstanding at all times (a closed loop: a new call starts as soon as one ends)
 * until the bound is reached, and records each call's latency. A failed call fails the run.
 */
export async function closedLoop(
  call: () => Promise<void>,
  inFlight: number,
  bound: LoopBound,
): Promise<LoopResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = 'durationMs' in bound ? started + bound.durationMs : Number.POSITIVE_INFINITY;
  let remaining = 'count' in bound ? bound.count : Number.POSITIVE_INFINITY;
  const lane = async (): Promise<void> => {
    while (remaining > 0 && performance.now() < deadline) {
      remaining -= 1;
      const begin = performance.now();
      await call();
      latenciesMs.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { invocations: latenciesMs.length, elapsedMs: performance.now() - started, latenciesMs };
}
