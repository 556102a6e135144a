import { readFile } from 'node:fs/promises';
import { isObject, type JsonObject } from '@functions-rpc/protocol';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError } from './config-error.js';

/**
 * Reads a JSON object file; `undefined` when the file does not exist. Comments and trailing commas are
 * accepted, as the reference host's JSON reader accepts them in host.json, local.settings.json and function.json.
 *
 * @throws ConfigError when it cannot be read, does not parse, or is not an object.
 */
export async function readJsonObject(path: string, label: string): Promise<JsonObject | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`Cannot read ${label} (${path}): ${(error as Error).message}`);
  }
  // Tolerate a byte-order mark, as editors on Windows write one.
  const source = text.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  const value: unknown = parse(source, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error) {
    const { line, column } = position(source, error.offset);
    throw new ConfigError(
      `${label} is not valid JSON (${path}): ${printParseErrorCode(error.error)} at line ${line}, column ${column}`,
    );
  }
  if (!isObject(value)) throw new ConfigError(`${label} must hold a JSON object (${path}).`);
  return value;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
