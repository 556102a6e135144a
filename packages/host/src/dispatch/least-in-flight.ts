/** Something that has invocations in flight. */
export interface Loaded {
  readonly inFlight: number;
}

/**
 * Picks the candidate with the fewest invocations in flight; ties go round-robin, starting after the
 * previous pick, so equal workers share the load.
 */
export class LeastInFlight {
  #next = 0;

  /** The chosen candidate, or undefined for an empty list. */
  pick<T extends Loaded>(candidates: readonly T[]): T | undefined {
    if (candidates.length === 0) return undefined;
    const start = this.#next % candidates.length;
    let best: T | undefined;
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[(start + i) % candidates.length]!;
      if (!best || candidate.inFlight < best.inFlight) best = candidate;
    }
    this.#next = start + 1;
    return best;
  }
}
