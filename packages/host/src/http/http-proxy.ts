import { randomUUID } from 'node:crypto';
import {
  Agent,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { TypedData } from '@functions-rpc/protocol';
import type { InvocationTrace } from '../channel/trace-context.js';
import type { LogLevel } from '../log/log-level.js';
import { mayHaveBody } from './body-reader.js';
import type { HttpInvocationSlot } from './http-dispatcher.js';
import { answer, answerFailure } from './http-answer.js';
import { requestHost } from './request-host.js';
import { invocationFailed } from './rpc-http-response.js';

/** One request to forward to a worker's `HttpUri` while its invocation runs. */
export interface ProxyInvocation {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** The worker's loopback `HttpUri`. */
  readonly target: URL;
  readonly slot: HttpInvocationSlot;
  /** Cancels the slot's invocation (at most once). */
  readonly cancel: (reason: string) => void;
  /** Largest body forwarded; beyond it the forwarding stops and the client gets 413. */
  readonly maxBodyBytes: number;
  readonly inputData: Parameters<HttpInvocationSlot['invoke']>[0];
  readonly triggerMetadata: Record<string, TypedData>;
  /** The trace the invocation continues (the caller's traceparent), if any. */
  readonly trace?: InvocationTrace | undefined;
  readonly log: (level: LogLevel, message: string) => void;
}

/** The request header naming the invocation a forwarded request belongs to. */
export const INVOCATION_ID_HEADER = 'x-ms-invocation-id';
/** Connection attempts on connection errors, with a delay of 50 ms doubling up to 250 ms (as the reference). */
export const PROXY_ATTEMPTS = 10;
/**
 * Connections to one worker at most; further requests wait for one. A worker's HTTP server listens with Node's
 * default backlog (511): a burst of more connection attempts overflowed it, and the dropped SYNs and ACKs came
 * back as stalls of 1 and 3 s or as connections reset after the body was sent (502).
 */
export const PROXY_MAX_SOCKETS = 256;
/**
 * A kept-alive connection idle this long is closed by the host, well before the worker's server closes it
 * (Node's keep-alive timeout, 5 s): a request sent on a connection the worker was closing at that moment
 * failed with ECONNRESET.
 */
export const PROXY_IDLE_SOCKET_MS = 2000;
/** The most body bytes kept to send again on a fresh connection (see `forward`). */
const REPLAY_LIMIT = 64 * 1024;
/** How long a forwarded request may still wait for the worker's answer after its invocation succeeded. */
const ANSWER_GRACE_MS = 5000;
const RETRYABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'EHOSTUNREACH',
]);
/** Hop-by-hop headers, and the ones the host sets itself, are not copied across. */
const SKIPPED_REQUEST_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  // The front end answered it already (see HttpFrontEnd); the worker must not wait for a second go-ahead.
  'expect',
  INVOCATION_ID_HEADER,
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-prefix',
]);
const SKIPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'trailer',
  'upgrade',
]);

/** A forwarding in progress; `abort` stops it without reporting a failure. */
interface Forwarding {
  abort(): void;
}

interface ForwardHandlers {
  onResponse(answer: IncomingMessage): void;
  onFailure(error: Error): void;
  onTooLarge(): void;
}

/**
 * HttpUri proxy mode (BEHAVIOR.md 6.6): forwards the original request (method, path and query, headers, streamed
 * body) to the worker's HTTP server with `x-ms-invocation-id` and `x-forwarded-*` headers, starting before the
 * InvocationRequest is sent, and streams the worker's answer back chunk by chunk. Connection errors are retried
 * while no body byte was sent. A failed invocation before the answer started gets a 5xx with its error id.
 */
export class HttpProxy {
  readonly #agent = new Agent({
    keepAlive: true,
    maxSockets: PROXY_MAX_SOCKETS,
    timeout: PROXY_IDLE_SOCKET_MS,
  });

  /** Forwards one request and runs its invocation; resolves once the HTTP answer is decided. */
  run(invocation: ProxyInvocation): Promise<void> {
    return new Promise<void>((resolve) => new ProxyRun(invocation, this.#agent, resolve).start());
  }

  /** Drops the kept-alive connections to workers. */
  close(): void {
    this.#agent.destroy();
  }
}

class ProxyRun {
  #decided = false;
  #headReceived = false;
  #forwarding: Forwarding | undefined;
  #grace: NodeJS.Timeout | undefined;

  constructor(
    private readonly invocation: ProxyInvocation,
    private readonly agent: Agent,
    private readonly done: () => void,
  ) {}

  start(): void {
    const { response, slot } = this.invocation;
    response.once('close', () => {
      this.#forwarding?.abort();
      this.#finish();
    });
    this.#forwarding = forward(this.invocation, this.agent, {
      onResponse: (answer) => this.#stream(answer),
      onFailure: (error) => this.#forwardFailed(error),
      onTooLarge: () => this.#tooLarge(),
    });
    const { inputData, triggerMetadata, trace } = this.invocation;
    void slot.invoke(inputData, triggerMetadata, undefined, trace).then((outcome) => {
      if (this.#decided) return;
      if (!outcome.ok) return this.#fail(outcome.reason, outcome.errorId, outcome.message);
      if (invocationFailed(outcome.response) && !this.#headReceived) {
        return this.#fail('failure', slot.invocationId, outcome.response.result?.exception?.message ?? '');
      }
      if (!this.#headReceived) this.#grace = setTimeout(() => this.#noAnswer(), ANSWER_GRACE_MS);
    });
  }

  #stream(answer: IncomingMessage): void {
    const { response } = this.invocation;
    if (this.#decided) return void answer.destroy();
    this.#headReceived = true;
    clearTimeout(this.#grace);
    const headers: string[] = [];
    const raw = answer.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      if (!SKIPPED_RESPONSE_HEADERS.has(raw[i]!.toLowerCase())) headers.push(raw[i]!, raw[i + 1]!);
    }
    response.writeHead(answer.statusCode ?? 502, headers);
    // Chunks are written as they arrive so streamed answers reach the client without buffering.
    answer.pipe(response);
    answer.once('end', () => this.#finish());
    answer.once('error', () => {
      response.destroy();
      this.#finish();
    });
  }

  #forwardFailed(error: Error): void {
    if (this.#decided) return;
    const { slot, response, log } = this.invocation;
    if (this.#headReceived) {
      response.destroy();
      return this.#finish();
    }
    const errorId = randomUUID();
    log(
      'Error',
      `Forwarding invocation ${slot.invocationId} to the worker failed (${errorId}): ${error.message}`,
    );
    this.invocation.cancel('Forwarding the HTTP request to the worker failed.');
    answerFailure(response, 'proxy', errorId);
    this.#finish();
  }

  #tooLarge(): void {
    if (this.#decided) return;
    this.#decided = true;
    this.#forwarding?.abort();
    this.invocation.cancel('The request body is over the size limit.');
    if (this.#headReceived) this.invocation.response.destroy();
    else answer(this.invocation.response, 413, '', { connection: 'close' });
    this.#finish();
  }

  #fail(reason: Parameters<typeof answerFailure>[1], errorId: string, message: string): void {
    const { slot, response, log } = this.invocation;
    log('Error', `Invocation ${slot.invocationId} ended '${reason}' (${errorId}): ${message}`);
    this.#decided = true;
    if (this.#headReceived) response.destroy();
    else {
      this.#forwarding?.abort();
      answerFailure(response, reason, errorId);
    }
    this.#finish();
  }

  #noAnswer(): void {
    if (this.#decided || this.#headReceived) return;
    const errorId = randomUUID();
    this.invocation.log(
      'Error',
      `The worker did not answer invocation ${this.invocation.slot.invocationId} (${errorId}).`,
    );
    this.#decided = true;
    this.#forwarding?.abort();
    answerFailure(this.invocation.response, 'proxy', errorId);
    this.#finish();
  }

  #finish(): void {
    this.#decided = true;
    clearTimeout(this.#grace);
    this.done();
  }
}

/** The delay before retry `attempt` (1-based): 50 ms doubling, at most 250 ms. */
export function retryDelay(attempt: number): number {
  return Math.min(50 * 2 ** (attempt - 1), 250);
}

function forward(invocation: ProxyInvocation, agent: Agent, handlers: ForwardHandlers): Forwarding {
  const { request, target, slot } = invocation;
  const headers = forwardedHeaders(request, target, slot.invocationId);
  const path = `${target.pathname.replace(/\/+$/, '')}${request.url ?? '/'}`;
  const hasBody = mayHaveBody(request);
  let attempt = 0;
  let current: ClientRequest | undefined;
  let aborted = false;
  let bodySent = false;
  let retry: NodeJS.Timeout | undefined;

  let received = 0;
  let responded = false;
  // The start of the body, kept while it is small, to send again should a kept-alive connection turn out to
  // have been closed by the worker as the request went out (the worker then never read it).
  let replay: Buffer[] | undefined = [];
  let watching = false;
  const watchBody = (): void => {
    if (watching) return;
    watching = true;
    request.on('data', (chunk: Buffer) => {
      bodySent = true;
      received += chunk.length;
      if (replay && received <= REPLAY_LIMIT) replay.push(chunk);
      else replay = undefined;
      if (received > invocation.maxBodyBytes) handlers.onTooLarge();
    });
  };
  const sendBody = (outgoing: ClientRequest): void => {
    if (aborted || current !== outgoing) return;
    if (!hasBody) return void outgoing.end();
    watchBody();
    for (const chunk of replay ?? []) outgoing.write(chunk);
    if (request.readableEnded) outgoing.end();
    else request.pipe(outgoing);
  };
  const tryOnce = (): void => {
    attempt++;
    const outgoing = httpRequest({
      agent,
      hostname: target.hostname,
      port: target.port,
      method: request.method,
      path,
      headers,
    });
    current = outgoing;
    outgoing.once('response', (answer) => {
      responded = true;
      handlers.onResponse(answer);
    });
    outgoing.once('socket', (socket) => {
      // The body is held back until the connection stands, so a refused connection can be retried with it intact.
      if (socket.connecting) socket.once('connect', () => sendBody(outgoing));
      else sendBody(outgoing);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (aborted || current !== outgoing) return;
      request.unpipe(outgoing);
      const resendable = !bodySent || (outgoing.reusedSocket && replay !== undefined && !responded);
      if (resendable && attempt < PROXY_ATTEMPTS && RETRYABLE.has(error.code ?? '')) {
        retry = setTimeout(tryOnce, retryDelay(attempt));
        return;
      }
      handlers.onFailure(error);
    });
  };
  tryOnce();
  return {
    abort() {
      aborted = true;
      clearTimeout(retry);
      if (current) request.unpipe(current);
      current?.destroy();
    },
  };
}

function forwardedHeaders(request: IncomingMessage, target: URL, invocationId: string): string[] {
  const headers: string[] = [];
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (!SKIPPED_REQUEST_HEADERS.has(raw[i]!.toLowerCase())) headers.push(raw[i]!, raw[i + 1]!);
  }
  headers.push(
    'host',
    target.host,
    INVOCATION_ID_HEADER,
    invocationId,
    'x-forwarded-for',
    request.socket.remoteAddress ?? '',
    'x-forwarded-host',
    requestHost(request),
    'x-forwarded-proto',
    'http',
  );
  if (!mayHaveBody(request) || request.headers['content-length'] !== undefined) return headers;
  headers.push('transfer-encoding', 'chunked');
  return headers;
}
