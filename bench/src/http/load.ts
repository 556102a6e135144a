import autocannon from 'autocannon';
import type { BenchOptions } from '../options.js';

import { HELLO_BODY } from '../hello-body.js';

/** One autocannon run, reduced to what the table shows. */
export interface LoadFigures {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors, timeouts, non-2xx answers and wrong bodies. */
  readonly errors: number;
}

/** A run of `--duration` seconds, or a few requests per connection in a smoke run. */
export function loadBound(
  options: BenchOptions,
  connections: number,
): { amount: number } | { duration: number } {
  return options.smoke ? { amount: connections * 4 } : { duration: options.durationMs / 1000 };
}

/** One autocannon run against `url`; a wrong body counts as an error. */
export async function load(
  url: string,
  connections: number,
  limit: { amount: number } | { duration: number },
): Promise<LoadFigures> {
  // Short samples so a smoke run's tiny request counts end at once rather than on the next 1 s tick.
  const sampleInt = 'amount' in limit ? 50 : 1000;
  const result = await autocannon({
    url,
    connections,
    expectBody: HELLO_BODY,
    timeout: 10,
    sampleInt,
    ...limit,
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
  };
}
