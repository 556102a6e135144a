import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP request the host forwarded to the stand-in worker's server (BEHAVIOR 6.6). */
export interface ForwardedRequest {
  readonly method: string;
  /** Path and query, as the request line carried them. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The invocation id header the host adds to each forwarded request. */
const INVOCATION_ID_HEADER = 'x-ms-invocation-id';

/**
 * The HTTP server of a stand-in worker that advertises `HttpUri`: it records every forwarded request and
 * answers it once the invocation of the same id has arrived over gRPC, as a streaming worker's library pairs
 * the two. One server serves every worker process of a host session.
 */
export class StreamServer {
  /** Every request the host forwarded, in arrival order. */
  readonly forwarded: ForwardedRequest[] = [];
  readonly #server: Server;
  /** The forwarded request of each invocation id, whichever of the two arrives first. */
  readonly #responses = new Map<string, Pending>();
  #listening: Promise<string> | undefined;

  constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.forwarded.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks),
        });
        const invocationId = request.headers[INVOCATION_ID_HEADER];
        if (typeof invocationId === 'string') this.#response(invocationId).resolve(response);
        else response.writeHead(400).end(`no ${INVOCATION_ID_HEADER} header`);
      });
    });
  }

  /** The server's address for `HttpUri`, listening on 127.0.0.1 from the first call. */
  uri(): Promise<string> {
    this.#listening ??= new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        const { port } = this.#server.address() as AddressInfo;
        resolve(`http://127.0.0.1:${port}`);
      });
    });
    return this.#listening;
  }

  /**
   * Answers the forwarded request of this invocation with 201, `x-kit: yes` and body `kit`; false when no such
   * request arrived within `timeoutMs`.
   */
  async answer(invocationId: string, timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)),
    );
    const response = await Promise.race([this.#response(invocationId).promise, timeout]);
    clearTimeout(timer);
    if (!response) return false;
    response.writeHead(201, { 'x-kit': 'yes', 'content-type': 'text/plain' }).end('kit');
    return true;
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    if (!this.#listening) return;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #response(invocationId: string): Pending {
    let pending = this.#responses.get(invocationId);
    if (!pending) {
      let resolve!: (response: ServerResponse) => void;
      const promise = new Promise<ServerResponse>((done) => (resolve = done));
      pending = { promise, resolve };
      this.#responses.set(invocationId, pending);
    }
    return pending;
  }
}

interface Pending {
  readonly promise: Promise<ServerResponse>;
  readonly resolve: (response: ServerResponse) => void;
}
