import { levelRank, type LogLevel } from './log-level.js';

const MAX_CACHED_CATEGORIES = 1000;

/**
 * host.json `logging.logLevel`: a minimum level per category prefix; the longest matching prefix wins,
 * `default` applies to the rest.
 */
export class LogFilter {
  readonly #levels: ReadonlyMap<string, LogLevel>;
  readonly #fallback: LogLevel;
  /** Minimum rank by category as logged; categories are few (host parts, workers, functions). */
  readonly #minimumRanks = new Map<string, number>();

  constructor(levels: Readonly<Record<string, LogLevel>> = {}, fallback: LogLevel = 'Information') {
    const entries = Object.entries(levels).map(([key, level]) => [key.toLowerCase(), level] as const);
    this.#levels = new Map(entries.filter(([key]) => key !== 'default'));
    this.#fallback = levels['default'] ?? levels['Default'] ?? fallback;
  }

  /** Whether a record of `level` in `category` passes. */
  allows(category: string, level: LogLevel): boolean {
    if (level === 'None') return false;
    let minimum = this.#minimumRanks.get(category);
    if (minimum === undefined) {
      minimum = levelRank(this.minimum(category));
      // A bound, should categories ever come from outside: starting over costs only lookups.
      if (this.#minimumRanks.size >= MAX_CACHED_CATEGORIES) this.#minimumRanks.clear();
      this.#minimumRanks.set(category, minimum);
    }
    return levelRank(level) >= minimum;
  }

  /** The minimum level for a category. */
  minimum(category: string): LogLevel {
    let name = category.toLowerCase();
    for (;;) {
      const level = this.#levels.get(name);
      if (level) return level;
      const dot = name.lastIndexOf('.');
      if (dot < 0) return this.#fallback;
      name = name.slice(0, dot);
    }
  }
}
