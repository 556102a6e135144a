/** The part of autocannon's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface Histogram {
    readonly average: number;
    readonly p50: number;
    readonly p99: number;
    readonly total: number;
  }

  interface Options {
    readonly url: string;
    readonly connections?: number;
    /** Seconds. */
    readonly duration?: number;
    /** Requests; overrides duration. */
    readonly amount?: number;
    readonly expectBody?: string;
    /** Milliseconds between samples; a run ends on a sample. */
    readonly sampleInt?: number;
    readonly timeout?: number;
  }

  interface Result {
    readonly requests: Histogram;
    readonly latency: Histogram;
    /** Seconds. */
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly mismatches: number;
    readonly non2xx: number;
  }

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
