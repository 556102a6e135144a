/**
 * Decodes a request body to text the way the Functions host decoded bodies for legacy Node.js apps:
 * UTF-8 unless a byte order mark names UTF-16 or UTF-32 (big or little endian); the mark is dropped.
 */
export function bodyText(buffer: Buffer): string {
  const [b0, b1, b2, b3] = buffer;
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  if (b0 === 0xff && b1 === 0xfe) {
    if (b2 !== 0 || b3 !== 0) return buffer.subarray(2).toString('utf16le');
    return utf32(buffer.subarray(4), true);
  }
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return buffer.subarray(3).toString('utf8');
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return utf32(buffer.subarray(4), false);
  return buffer.toString('utf8');
}

function utf32(buffer: Buffer, littleEndian: boolean): string {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let text = '';
  for (let offset = 0; offset + 4 <= buffer.byteLength; offset += 4) {
    const codePoint = view.getUint32(offset, littleEndian);
    text += codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd';
  }
  return text;
}

/** Text that holds JSON, parsed; any other text as it is. */
export function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
