/**
 * The HTTP baseline: a bare node:http server answering every request with the hello function's body and
 * content type, and the large-body routes as bench/apps/http-hello's `upload` and `download` functions
 * answer them. Run as its own process (port as the only argument) so it is measured like the host.
 */
import { createServer } from 'node:http';
import { HELLO_BODY } from '../hello-body.js';
import { payload } from './bodies.js';

const port = Number(process.argv[2]);

const server = createServer((request, response) => {
  let received = 0;
  request.on('data', (chunk: Buffer) => (received += chunk.length));
  request.on('end', () => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/upload') {
      response.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' }).end(String(received));
    } else if (url.pathname === '/api/download') {
      const body = payload(Number(url.searchParams.get('bytes') ?? 0));
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } else {
      response.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' }).end(HELLO_BODY);
    }
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
