import { request } from 'node:http';

const CHUNK = Buffer.alloc(1024 * 1024, 97);

/**
 * POSTs `bytes` to `url` with a declared length, written 1 MiB at a time (this process never holds the
 * body); resolves with the status, or `error` when the connection failed before an answer came.
 */
export function upload(url: string, bytes: number): Promise<number | 'error'> {
  return new Promise((resolve) => {
    let status: number | 'error' = 'error';
    const outgoing = request(url, { method: 'POST', headers: { 'content-length': bytes } }, (response) => {
      status = response.statusCode ?? 'error';
      response.resume();
      response.on('end', () => resolve(status));
    });
    outgoing.on('error', () => resolve(status));
    let left = bytes;
    const write = (): void => {
      while (left > 0) {
        const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= piece.length;
        if (!outgoing.write(piece)) return void outgoing.once('drain', write);
      }
      outgoing.end();
    };
    write();
  });
}
