import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** Thrown by {@link parseConfigJson}; the message names the problem, its line and its column. */
export class ConfigJsonError extends Error {
  override readonly name = 'ConfigJsonError';
}

/**
 * Parses the text of a configuration file (host.json, local.settings.json, function.json) as the reference host
 * reads them: `//` and `/* *\/` comments and trailing commas allowed, a leading byte-order mark ignored.
 *
 * @throws ConfigJsonError at the first syntax error, with its line and column.
 */
export function parseConfigJson(text: string): unknown {
  // Editors on Windows may write a byte-order mark.
  const source = text.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  const value: unknown = parse(source, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (!error) return value;
  const before = source.slice(0, error.offset);
  const line = before.split('\n').length;
  const column = error.offset - before.lastIndexOf('\n');
  throw new ConfigJsonError(`${printParseErrorCode(error.error)} at line ${line}, column ${column}`);
}
