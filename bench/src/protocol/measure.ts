import type { BenchOptions } from '../options.js';
import { cpuMicros } from '../process/cpu-time.js';
import { sampleMemory, type MemorySample } from '../process/memory.js';
import { median, percentile } from '../stats.js';
import { closedLoop, type LoopBound } from './closed-loop.js';
import type { Session } from './session.js';

/** Invocations in flight for each protocol figure. */
export const LEVELS = [1, 8, 64] as const;

/** The highest level: where warm-ups and the driver check run. */
export const TOP_LEVEL = Math.max(...LEVELS);

/** Throughput and latency of one run, or the medians of several. */
export interface Figures {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The worker process's CPU time per invocation, its helper threads included; NaN where unknown. */
  readonly cpuUsPerCall: number;
}

/** Every repeat of every session at every level, and each session's memory after each level. */
export interface Measurements {
  readonly runs: Map<string, Map<number, Figures[]>>;
  readonly memory: Map<string, Map<number, MemorySample | undefined>>;
}

/** How long a warm-up runs: one second, or 20 calls in a smoke run. */
export function warmUpBound(options: BenchOptions): LoopBound {
  return options.smoke ? { count: 20 } : { durationMs: 1000 };
}

/** Runs every session at the highest level until warm. */
export async function warmUp(sessions: readonly Session[], options: BenchOptions): Promise<void> {
  for (const session of sessions) await closedLoop(session.call, TOP_LEVEL, warmUpBound(options));
}

/**
 * Measures level by level, repeat by repeat, session by session, so drift in machine load hits every
 * session alike; samples each session's memory after each level.
 */
export async function measure(sessions: readonly Session[], options: BenchOptions): Promise<Measurements> {
  const runs = new Map(sessions.map((session) => [session.name, new Map<number, Figures[]>()]));
  const memory = new Map(
    sessions.map((session) => [session.name, new Map<number, MemorySample | undefined>()]),
  );
  for (const level of LEVELS) {
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      for (const session of sessions) {
        const figures = await measureRun(session, level, options);
        const byLevel = runs.get(session.name);
        byLevel?.set(level, [...(byLevel.get(level) ?? []), figures]);
      }
    }
    for (const session of sessions) memory.get(session.name)?.set(level, await sampleMemory(session.pid));
  }
  return { runs, memory };
}

/** One closed-loop run of `--duration` at `inFlight`. */
export async function measureRun(
  session: Session,
  inFlight: number,
  options: BenchOptions,
): Promise<Figures> {
  const cpuBefore = await cpuMicros(session.pid);
  const result = await closedLoop(session.call, inFlight, { durationMs: options.durationMs });
  const cpuAfter = await cpuMicros(session.pid);
  return {
    perSecond: (result.invocations * 1000) / result.elapsedMs,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    cpuUsPerCall: perCall(cpuBefore, cpuAfter, result.invocations),
  };
}

/** The median of each figure over several runs; undefined for none. */
export function medianFigures(runs: readonly Figures[] | undefined): Figures | undefined {
  if (!runs || runs.length === 0) return undefined;
  return {
    perSecond: median(runs.map((figures) => figures.perSecond)),
    p50Ms: median(runs.map((figures) => figures.p50Ms)),
    p99Ms: median(runs.map((figures) => figures.p99Ms)),
    cpuUsPerCall: median(runs.map((figures) => figures.cpuUsPerCall)),
  };
}

/** CPU µs per call between two readings; NaN when either is missing or nothing ran. */
export function perCall(before: number | undefined, after: number | undefined, calls: number): number {
  return before === undefined || after === undefined || calls === 0 ? Number.NaN : (after - before) / calls;
}

/** A session's memory after the last level. */
export function finalMemory(measured: Measurements, session: Session): MemorySample | undefined {
  return measured.memory.get(session.name)?.get(TOP_LEVEL);
}
