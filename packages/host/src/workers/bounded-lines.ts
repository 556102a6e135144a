import type { Readable } from 'node:stream';

/** The longest line read from a worker's output, in bytes; the rest of a longer line is dropped. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** Appended to a line that was cut at {@link MAX_LINE_BYTES}. */
export const CUT_MARK = ' [line cut: over 1 MiB]';

const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Calls `onLine` for every line of a byte stream, holding at most `maxBytes` of one line: a longer line is
 * passed on cut, with {@link CUT_MARK}, and its rest is skipped up to the next newline. A worker that writes
 * hundreds of MiB without a newline would otherwise cost the host as much memory, and past V8's string limit
 * crash it. A last line without a newline is passed on when the stream ends.
 */
export function readBoundedLines(
  stream: Readable,
  onLine: (line: string) => void,
  maxBytes = MAX_LINE_BYTES,
): void {
  let parts: Buffer[] = [];
  let held = 0;
  let cut = false;
  const emit = (): void => {
    let line = Buffer.concat(parts, held);
    if (!cut && line.at(-1) === RETURN) line = line.subarray(0, -1);
    onLine(cut ? `${line.toString('utf8')}${CUT_MARK}` : line.toString('utf8'));
    parts = [];
    held = 0;
    cut = false;
  };
  const keep = (piece: Buffer): void => {
    if (cut || piece.length === 0) return;
    const room = maxBytes - held;
    if (piece.length > room) cut = true;
    // A copy, so a kept slice does not pin the whole chunk it came from.
    const kept = Buffer.from(piece.subarray(0, Math.min(room, piece.length)));
    parts.push(kept);
    held += kept.length;
  };
  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      keep(chunk.subarray(start, end));
      emit();
      start = end + 1;
    }
    keep(chunk.subarray(start));
  });
  stream.once('end', () => {
    if (held > 0 || cut) emit();
  });
}
