import { Cron } from 'croner';
import type { TimerSchedule } from './timer-schedule.js';
import { TimerScheduleError } from './timer-schedule.js';

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

// NCRONTAB field order with seconds; a month name maps to 1-12, a day name to 0-6 (Sunday = 0).
const FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 6, names: DAYS },
];

const item = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/;

/** True when `expression` has the shape of a cron expression (5 or 6 whitespace-separated fields). */
export function looksLikeCron(expression: string): boolean {
  const count = cronFields(expression).length;
  return count === 5 || count === 6;
}

/**
 * Parses an NCRONTAB expression `{second} {minute} {hour} {day} {month} {day-of-week}`. Like the reference
 * (WebJobs timer extension, which parses 5-field expressions without seconds since v3), a 5-field expression is
 * accepted as `{minute} {hour} {day} {month} {day-of-week}` firing at second 0. Only NCRONTAB syntax is allowed
 * (`*`, values, `a-b` ranges, `/step`, `,` lists, 3-letter month and day names, day-of-week 0-6 with Sunday = 0):
 * croner's extensions (`L`, `#`, `?`, `W`, day-of-week 7) are rejected so an app that runs here also runs on Azure.
 * Like NCRONTAB, a restricted day and a restricted day-of-week must both match (croner `legacyMode: false`).
 */
export function parseNcrontab(expression: string): TimerSchedule {
  const fields = cronFields(expression);
  const withSeconds = fields.length === 5 ? ['0', ...fields] : fields;
  if (withSeconds.length !== 6) {
    throw new TimerScheduleError(
      `Cron expression '${expression}' must have 6 fields (or 5 without seconds).`,
    );
  }
  withSeconds.forEach((field, index) => validateField(expression, field, FIELDS[index] as FieldSpec));
  const cron = new Cron(withSeconds.join(' '), { paused: true, legacyMode: false });
  const first = cron.nextRun(new Date());
  if (first === null) throw new TimerScheduleError(`Cron expression '${expression}' never occurs.`);
  return {
    kind: 'cron',
    expression,
    description: `Cron: '${expression}'`,
    adjustForDST: true,
    subMinute: isSubMinute(withSeconds, cron, first),
    next: (after) => nextOrThrow(cron, expression, after),
  };
}

function cronFields(expression: string): string[] {
  return expression.trim().split(/\s+/).filter(Boolean);
}

function validateField(expression: string, field: string, spec: FieldSpec): void {
  for (const part of field.split(',')) {
    const match = item.exec(part);
    if (!match) throw fieldError(expression, spec, `'${part}' is not NCRONTAB syntax`);
    const [, range = '', step] = match;
    if (step !== undefined && Number(step) < 1)
      throw fieldError(expression, spec, `step '/${step}' must be at least 1`);
    if (range === '*') continue;
    const [from = '', to] = range.split('-');
    const low = fieldValue(expression, from, spec);
    if (to !== undefined && fieldValue(expression, to, spec) < low) {
      throw fieldError(expression, spec, `range '${range}' goes backwards`);
    }
  }
}

function fieldValue(expression: string, text: string, spec: FieldSpec): number {
  const nameIndex = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value =
    nameIndex >= 0 ? nameIndex + (spec.min === 1 ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value))
    throw fieldError(expression, spec, `'${text}' is not a number${spec.names ? ' or name' : ''}`);
  if (value < spec.min || value > spec.max) {
    throw fieldError(expression, spec, `${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}

function fieldError(expression: string, spec: FieldSpec, reason: string): TimerScheduleError {
  return new TimerScheduleError(`Cron expression '${expression}': ${spec.name} field: ${reason}.`);
}

// As the reference: only `X * * * * *` schedules can fire more than once a minute.
function isSubMinute(fields: readonly string[], cron: Cron, first: Date): boolean {
  if (!fields.slice(1).every((field) => field === '*')) return false;
  const second = cron.nextRun(first);
  return second !== null && second.getTime() - first.getTime() < 60_000;
}

function nextOrThrow(cron: Cron, expression: string, after: Date): Date {
  const next = cron.nextRun(after);
  if (next === null)
    throw new TimerScheduleError(
      `Cron expression '${expression}' has no occurrence after ${after.toISOString()}.`,
    );
  return next;
}
