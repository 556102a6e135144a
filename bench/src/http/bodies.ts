/** Large-body transfers: one request carrying `bytes` to a server or fetching them from it, timed. */

const payloads = new Map<number, Buffer>();

/** `bytes` bytes of `x`, made once per size (as the app's `download` function makes them). */
export function payload(bytes: number): Buffer {
  let body = payloads.get(bytes);
  if (!body) payloads.set(bytes, (body = Buffer.alloc(bytes, 'x')));
  return body;
}

/** Which way the body goes: `in` is a POST the function reads, `out` a body the function returns. */
export type Direction = 'in' | 'out';

/**
 * Sends one request to `/api/upload` (in) or `/api/download` (out) of the server at `base` and returns the
 * ms from sending to the last byte of the answer; throws when the server did not move all the bytes.
 */
export async function transfer(base: string, direction: Direction, bytes: number): Promise<number> {
  const started = performance.now();
  if (direction === 'in') {
    const response = await fetch(`${base}/api/upload`, { method: 'POST', body: payload(bytes) });
    const text = await response.text();
    if (response.status !== 200 || text !== String(bytes)) {
      throw new Error(`upload of ${bytes} bytes answered ${response.status}: ${text.slice(0, 200)}`);
    }
  } else {
    const response = await fetch(`${base}/api/download?bytes=${bytes}`);
    const body = await response.arrayBuffer();
    if (response.status !== 200 || body.byteLength !== bytes) {
      throw new Error(`download of ${bytes} bytes answered ${response.status} with ${body.byteLength} bytes`);
    }
  }
  return performance.now() - started;
}
