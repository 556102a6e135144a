import type { ScenarioResult, Verdict } from './verdict.js';

const LABEL: Record<Verdict, string> = { pass: 'pass', fail: 'FAIL', 'not-applicable': 'n/a' };

/** Counts per verdict. */
export interface Summary {
  readonly pass: number;
  readonly fail: number;
  readonly notApplicable: number;
}

/** How many scenarios ended each way. */
export function summarize(results: readonly ScenarioResult[]): Summary {
  return {
    pass: results.filter((r) => r.verdict === 'pass').length,
    fail: results.filter((r) => r.verdict === 'fail').length,
    notApplicable: results.filter((r) => r.verdict === 'not-applicable').length,
  };
}

/** One line per scenario (name, verdict, time, and the reason when not passed), then the totals. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const width = Math.max(8, ...results.map((r) => r.name.length));
  const lines = [`${'scenario'.padEnd(width)}  verdict  time`, `${'-'.repeat(width)}  -------  ------`];
  for (const result of results) {
    lines.push(
      `${result.name.padEnd(width)}  ${LABEL[result.verdict].padEnd(7)}  ${formatTime(result.durationMs).padStart(6)}`,
    );
    if (result.reason) lines.push(...indent(result.reason, width + 2));
  }
  const { pass, fail, notApplicable } = summarize(results);
  lines.push('', `${pass} passed, ${fail} failed, ${notApplicable} not applicable`);
  return lines.join('\n');
}

/** The details of failed scenarios: their messages as JSON. */
export function formatFailures(results: readonly ScenarioResult[]): string {
  return results
    .filter((r) => r.verdict === 'fail' && r.messages && r.messages.length > 0)
    .map((r) => `${r.name}: messages involved\n${JSON.stringify(r.messages, null, 2)}`)
    .join('\n\n');
}

function formatTime(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function indent(text: string, by: number): string[] {
  return text.split('\n').map((line) => `${' '.repeat(by)}${line}`);
}
