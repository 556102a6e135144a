import type { MessageEncoding } from './queue-options.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The text put on the queue for a message body, in the configured encoding. */
export function encodeMessage(body: Buffer, encoding: MessageEncoding): string {
  return encoding === 'base64' ? body.toString('base64') : body.toString('utf8');
}

/**
 * The body of a message as stored, in the configured encoding; undefined when base64 is expected and the
 * text is not base64 (white space is ignored, as .NET's decoder does).
 */
export function decodeMessage(text: string, encoding: MessageEncoding): Buffer | undefined {
  if (encoding === 'none') return Buffer.from(text, 'utf8');
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/** The body as UTF-8 text, or undefined when it is not valid UTF-8. */
export function utf8Text(body: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}
