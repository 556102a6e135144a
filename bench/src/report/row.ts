/** The figure one row compares against: measured in the same run. */
export interface Baseline {
  readonly subject: string;
  readonly value: number;
}

/** One figure of the table. */
export interface Row {
  readonly item: string;
  /** What was measured: `ours`, a worker command, `fnrpc start`. */
  readonly subject: string;
  /** Such as `inv/s @8` or `p99 ms @64`. */
  readonly measure: string;
  readonly value: number;
  readonly baseline?: Baseline;
}

/** How one item ended; a skipped item names the part that is missing. */
export interface ItemOutcome {
  readonly item: string;
  readonly status: 'ok' | 'skipped' | 'error';
  readonly reason?: string;
  readonly rows: readonly Row[];
  /** Every measured number behind the rows, for the JSON file. */
  readonly raw?: unknown;
}

/** value / baseline: above 1 means more than the baseline (better for rates, worse for times and memory). */
export function ratio(row: Row): number | undefined {
  if (!row.baseline || row.baseline.value === 0) return undefined;
  return row.value / row.baseline.value;
}

/** A row, with the baseline only when there is one. */
export function row(item: string, subject: string, measure: string, value: number, baseline?: Baseline): Row {
  return baseline ? { item, subject, measure, value, baseline } : { item, subject, measure, value };
}
