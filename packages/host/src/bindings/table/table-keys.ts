/** `/`, `\`, `#` and `?`: refused in keys by Azure Storage, as are control characters. */
const INVALID_KEY_CHARACTER = /[/\\#?]/;

/** U+0000-U+001F and U+007F-U+009F, the control characters the reference extension refuses in keys. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * A partition or row key checked as the reference extension checks it before writing, so that a bad key
 * fails with this message rather than the service's 400. Empty keys are valid.
 *
 * @throws Error with the reference extension's message for a missing key or one with a refused character.
 */
export function validKey(value: string | undefined): string {
  if (value === undefined || INVALID_KEY_CHARACTER.test(value) || hasControlCharacter(value))
    throw new Error(
      `'${value ?? ''}' is not a valid value for a partition key or row key. Ensure that the table entity contains valid 'PartitionKey' and 'RowKey' values.`,
    );
  return value;
}
