import { randomUUID } from 'node:crypto';
import { bindingDataValue, type BindingData } from './binding-data.js';

const TOKEN = /\{([^{}]*)\}/g;

/**
 * Changes a value taken from the binding data before it goes into the text (e.g. OData quoting in a table
 * filter). `name` is the expression as written, without braces or format.
 */
export type BindingValueFormat = (value: string, name: string) => string;

/**
 * A binding setting with each `{expression}` filled for one invocation, as the reference host's binding
 * templates do (BINDINGS.md 5.1): from the binding data (names case-insensitive, `{a.b}` walked into JSON),
 * else `{rand-guid}` (a new GUID) or `{DateTime}` (now, UTC), a format after `:` applied to those two.
 *
 * @param format Applied to each value found in the binding data; built-in values go in as they are.
 * @throws Error `No value for named parameter 'x'.` for an unknown name.
 */
export function fillBindingExpressions(
  template: string,
  data: BindingData,
  format?: BindingValueFormat,
): string {
  return template.replace(TOKEN, (_, token: string) => tokenValue(token, data, format));
}

/** The names of the `{expressions}` of a template, in order, each as often as it occurs. */
export function bindingExpressionNames(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((match) => expressionName(match[1] ?? ''));
}

function tokenValue(token: string, data: BindingData, format: BindingValueFormat | undefined): string {
  const colon = token.indexOf(':');
  const name = expressionName(token);
  const pattern = colon < 0 ? undefined : token.slice(colon + 1);
  const value = bindingDataValue(data, name);
  if (value !== undefined) return format ? format(value, name) : value;
  switch (name.toLowerCase()) {
    case 'rand-guid':
      return guidText(randomUUID(), pattern ?? 'D');
    case 'datetime':
      return dateText(new Date(), pattern ?? 'yyyy-MM-ddTHH-mm-ssK');
    default:
      throw new Error(`No value for named parameter '${name}'.`);
  }
}

function expressionName(token: string): string {
  const colon = token.indexOf(':');
  return (colon < 0 ? token : token.slice(0, colon)).trim();
}

/** .NET Guid formats D (default), N, B and P. */
function guidText(guid: string, format: string): string {
  switch (format.toUpperCase()) {
    case 'D':
      return guid;
    case 'N':
      return guid.replaceAll('-', '');
    case 'B':
      return `{${guid}}`;
    case 'P':
      return `(${guid})`;
    default:
      throw new Error(`Guid format '${format}' is not supported (D, N, B or P).`);
  }
}

/** The .NET custom date format specifiers that paths use (yyyy MM dd HH mm ss fff K); other text is literal. */
function dateText(date: Date, format: string): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const parts: Record<string, string> = {
    yyyy: String(date.getUTCFullYear()),
    MM: pad(date.getUTCMonth() + 1),
    dd: pad(date.getUTCDate()),
    HH: pad(date.getUTCHours()),
    mm: pad(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
    fff: pad(date.getUTCMilliseconds(), 3),
    K: 'Z',
  };
  return format.replace(/yyyy|MM|dd|HH|mm|ss|fff|K/g, (specifier) => parts[specifier] ?? specifier);
}
