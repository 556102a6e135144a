import type { BindingData } from '../binding-data.js';
import { bindingExpressionNames, fillBindingExpressions } from '../binding-expression.js';

/**
 * A `filter` for one invocation, its `{expressions}` filled as the reference extension's OData formatter
 * fills them: a name every occurrence of which is quoted (`'{name}'`) is a string literal and has its single
 * quotes doubled; any other must be a boolean or a number, so that a value cannot change the query. A filter
 * that is one expression and nothing else is taken as it is.
 *
 * @throws Error for an unknown name, or a value that is neither quoted nor a boolean or number.
 */
export function resolveFilter(template: string, data: BindingData): string {
  const names = bindingExpressionNames(template);
  if (names.length === 1 && /^\{[^{}]*\}$/.test(template)) return fillBindingExpressions(template, data);
  return fillBindingExpressions(template, data, (value, name) => {
    if (isStringLiteral(template, name)) return value.replaceAll("'", "''");
    if (!isODataScalar(value))
      throw new Error(`An invalid parameter value was specified for filter parameter '${name}'.`);
    return value;
  });
}

/**
 * The query of a `table` input without a row key, as the reference extension builds it: `PartitionKey eq
 * '<key>'` before the filter, joined by `and` without parentheses, as it does.
 */
export function tableQuery(partitionKey: string | undefined, filter: string | undefined): string | undefined {
  if (partitionKey === undefined || partitionKey === '') return filter || undefined;
  const byPartition = `PartitionKey eq '${partitionKey.replaceAll("'", "''")}'`;
  return filter ? `${byPartition} and ${filter}` : byPartition;
}

/** Whether every `{name}` in the template stands inside single quotes (names compared case-insensitively). */
function isStringLiteral(template: string, name: string): boolean {
  const pattern = new RegExp(`\\{${escapeRegExp(name)}(?::[^{}]*)?\\}`, 'gi');
  for (const match of template.matchAll(pattern)) {
    const before = template[match.index - 1];
    const after = template[match.index + match[0].length];
    if (before !== "'" || after !== "'") return false;
  }
  return true;
}

/** A boolean, a whole number or a decimal, as .NET's bool/long/double parsers take them. */
function isODataScalar(value: string): boolean {
  const trimmed = value.trim();
  if (/^(true|false)$/i.test(trimmed)) return true;
  return trimmed !== '' && Number.isFinite(Number(trimmed));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
