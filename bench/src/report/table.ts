import { ratio, type ItemOutcome, type Row } from './row.js';

const HEADER = ['item', 'subject', 'measure', 'value', 'baseline', 'baseline value', 'ratio'];

/** The table printed at the end of a run: one line per figure, then one per skipped or failed item. */
export function renderTable(outcomes: readonly ItemOutcome[]): string {
  const lines = outcomes.flatMap((outcome) => outcome.rows.map(cells));
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (line: readonly string[]): string =>
    line
      .map((cell, column) =>
        column >= 3 && column !== 4 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const notes = outcomes
    .filter((outcome) => outcome.status !== 'ok')
    .map((outcome) => `${outcome.item}: ${outcome.status}: ${outcome.reason ?? ''}`);
  return [
    format(HEADER),
    format(widths.map((width) => '-'.repeat(width))),
    ...lines.map(format),
    '',
    ...notes,
  ].join('\n');
}

function cells(line: Row): string[] {
  const r = ratio(line);
  return [
    line.item,
    line.subject,
    line.measure,
    figure(line.value),
    line.baseline?.subject ?? '',
    line.baseline ? figure(line.baseline.value) : '',
    r === undefined ? '' : `${r.toFixed(2)}x`,
  ];
}

/** Three significant digits at most, without exponent notation. */
function figure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toString();
  return Number(value.toPrecision(3)).toString();
}
