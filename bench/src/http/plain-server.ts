/**
 * The HTTP baseline: a bare node:http server answering every request with the hello function's body and
 * content type. Run as its own process (port as the only argument) so it is measured like the host.
 */
import { createServer } from 'node:http';
import { HELLO_BODY } from '../hello-body.js';

const port = Number(process.argv[2]);

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () =>
    response.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' }).end(HELLO_BODY),
  );
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
