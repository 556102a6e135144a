import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  httpTriggerMetadata,
  NOT_JSON,
  parseJsonBody,
  proxyRpcHttp,
  readQuery,
  rpcHttpShape,
  toRpcHttp,
  type HttpRequestData,
  type KeyIdentity,
  type QueryEntry,
  type RpcHttp,
  type RouteValues,
  type RpcHttpShape,
} from '@functions-rpc/protocol';
import { continueTrace, type InvocationTrace } from '../channel/trace-context.js';
import { DEFAULT_REQUEST_BODY_LIMIT } from '../config/request-body-limit.js';
import type { LogLevel } from '../log/log-level.js';
import {
  BodyBudgetError,
  BodyTooLargeError,
  declaredTooLarge,
  mayHaveBody,
  readBody,
} from './body-reader.js';
import { applyCors, type CorsPolicy } from './cors.js';
import type { HttpDispatcher, HttpFunctionDescriptor, HttpInvocationSlot } from './http-dispatcher.js';
import { answer, answerFailure } from './http-answer.js';
import {
  applyServerLimits,
  BytesInFlight,
  CONNECTIONS_CHECKING_INTERVAL_MS,
  DEFAULT_HTTP_LIMITS,
  type HttpLimits,
} from './http-limits.js';
import { HttpRouter } from './http-router.js';
import { HttpProxy } from './http-proxy.js';
import { presentedKey, satisfies, type KeyStore } from './key-store.js';
import { requestHost } from './request-host.js';
import { readHeaders, requestTarget } from './request-parts.js';
import {
  httpOutput,
  HttpResultError,
  invocationFailed,
  readHttpResult,
  writeHttpResult,
} from './rpc-http-response.js';

/** Handles `/admin...` requests before routing; resolves true when it answered the request. */
export type HttpAdminHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => Promise<boolean>;

/** Options of {@link HttpFrontEnd}. */
export interface HttpFrontEndOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Port; 0 picks a free one. */
  readonly port: number;
  /** host.json `extensions.http.routePrefix`; default `api`, `''` for none. */
  readonly routePrefix?: string;
  /** Largest accepted request body (larger => 413); default 100 MB. */
  readonly maxRequestBodyBytes?: number;
  /** Connection cap, header and request timeouts, body bytes in memory; see {@link DEFAULT_HTTP_LIMITS}. */
  readonly limits?: HttpLimits;
  readonly keys: KeyStore;
  /**
   * Whether functions need a key for their auth level (`func start --enableAuth`); when false any request
   * may call any function, as under `func start`, while a disabled function still needs the master key.
   */
  readonly enableAuth: boolean;
  readonly dispatcher: HttpDispatcher;
  readonly adminHandler?: HttpAdminHandler;
  /** Cross-origin requests to allow; none when absent. */
  readonly cors?: CorsPolicy | undefined;
  /** Request lines are logged at Debug, answers the host produced on failures at Warning or Error. */
  readonly log?: (level: LogLevel, message: string) => void;
}

/**
 * Pending connections the kernel queues (capped by its somaxconn): Node's 511 overflowed under a burst of
 * 1,024 clients, whose dropped SYNs were retried only after 1 and 3 s.
 */
const LISTEN_BACKLOG = 4096;
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
/** The answer to a request Node's parser refused, by its error code; anything else is a 400. */
const CLIENT_ERROR_STATUS: Readonly<Record<string, string>> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};
const CLOSE = { ...TEXT, connection: 'close' };

/** A request that passed routing and auth, on its way to a worker. */
interface RoutedRequest {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly fn: HttpFunctionDescriptor;
  readonly values: RouteValues;
  readonly query: Map<string, QueryEntry>;
  readonly identity: KeyIdentity | undefined;
}

/**
 * The host's HTTP front end on node:http (keep-alive on): `/admin...` goes to the admin handler, everything else
 * is routed to HTTP functions, authorized by key, turned into an RpcHttp (or forwarded in HttpUri proxy mode)
 * and answered from the worker's output. Every request gets exactly one answer, whatever fails.
 */
export class HttpFrontEnd {
  readonly #options: HttpFrontEndOptions;
  #router: HttpRouter;
  #cors: CorsPolicy | undefined;
  readonly #server: Server;
  readonly #proxy = new HttpProxy();
  #bodyLimit: number;
  readonly #bytesInFlight: BytesInFlight;
  /** Requests that sent `Expect: 100-continue` and have not been told to go on yet. */
  readonly #awaitingContinue = new WeakSet<IncomingMessage>();
  /** Shapes whose unusable HttpUri was already logged, so the warning is not repeated per request. */
  readonly #warned = new WeakSet<RpcHttpShape>();

  constructor(options: HttpFrontEndOptions) {
    this.#options = options;
    this.#router = new HttpRouter(options.routePrefix ?? 'api');
    this.#cors = options.cors;
    this.#bodyLimit = options.maxRequestBodyBytes ?? DEFAULT_REQUEST_BODY_LIMIT;
    const limits = options.limits ?? DEFAULT_HTTP_LIMITS;
    this.#bytesInFlight = new BytesInFlight(limits.maxRequestBytesInFlight);
    this.#server = createServer(
      { keepAlive: true, connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS },
      (request, response) => this.#onRequest(request, response),
    );
    applyServerLimits(this.#server, limits);
    // Node would answer `100 Continue` before the request is looked at; the client then sends a body that
    // is refused anyway (413 for a declared length over the limit, 401, 404). The front end says it itself.
    this.#server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
      this.#awaitingContinue.add(request);
      this.#onRequest(request, response);
    });
    this.#server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return void socket.destroy();
      const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    });
  }

  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:7071`. */
  async listen(): Promise<string> {
    const host = this.#options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      const fail = (error: NodeJS.ErrnoException): void =>
        reject(listenError(error, host, this.#options.port));
      this.#server.once('error', fail);
      this.#server.listen({ port: this.#options.port, host, backlog: LISTEN_BACKLOG }, () => {
        this.#server.off('error', fail);
        resolve();
      });
    });
    const { port } = this.#server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /**
   * Replaces the routed functions (allowed before or after listen), and the route prefix when given;
   * invalid route templates are logged.
   */
  setFunctions(functions: readonly HttpFunctionDescriptor[], routePrefix?: string): void {
    if (routePrefix !== undefined) this.#router = new HttpRouter(routePrefix);
    for (const error of this.#router.setFunctions(functions)) {
      this.#log(
        'Error',
        `The route '${error.template}' of function '${error.functionName}' is invalid: ${error.message}`,
      );
    }
  }

  /** Replaces the request body limit (a restarted app may set another). */
  setBodyLimit(bytes: number): void {
    this.#bodyLimit = bytes;
  }

  /** Replaces the limits (a restarted app may set others); connections already open keep theirs. */
  setLimits(limits: HttpLimits): void {
    applyServerLimits(this.#server, limits);
    this.#bytesInFlight.setLimit(limits.maxRequestBytesInFlight);
  }

  /** Replaces the CORS policy (a restarted app may configure another); undefined allows none. */
  setCors(policy: CorsPolicy | undefined): void {
    this.#cors = policy;
  }

  /** The template a function is served under, e.g. `api/items/{id}`. */
  routeTemplate(fn: HttpFunctionDescriptor): string {
    return this.#router.templateOf(fn);
  }

  /**
   * Stops accepting requests, closes idle connections at once and lets requests in progress finish for up to
   * `graceMs` before cutting what is left.
   */
  async close(graceMs = 5000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // Keep-alive connections become idle as their last response ends; sweep them until none is left.
    const sweep = setInterval(() => this.#server.closeIdleConnections(), 50);
    this.#server.closeIdleConnections();
    const deadline = setTimeout(() => this.#server.closeAllConnections(), graceMs);
    try {
      await closed;
    } finally {
      clearInterval(sweep);
      clearTimeout(deadline);
      this.#proxy.close();
    }
  }

  #onRequest(request: IncomingMessage, response: ServerResponse): void {
    if (this.#options.log) this.#logWhenDone(request, response);
    this.#handle(request, response).catch((error: unknown) => {
      const errorId = randomUUID();
      this.#log(
        'Error',
        `Request ${request.method} ${pathOf(request)} failed (${errorId}): ${describe(error)}`,
      );
      answerFailure(response, 'failure', errorId);
    });
  }

  /** The request log line; the query string is left out since it may carry a key (`code`). */
  #logWhenDone(request: IncomingMessage, response: ServerResponse): void {
    const started = performance.now();
    response.once('close', () => {
      const ms = (performance.now() - started).toFixed(1);
      const state = response.writableFinished ? String(response.statusCode) : 'aborted';
      this.#log('Debug', `${request.method} ${pathOf(request)} ${state} ${ms} ms`);
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.#cors && applyCors(this.#cors, request, response)) return;
    const { path, search } = requestTarget(request.url ?? '/');
    if (this.#options.adminHandler && isAdminPath(path)) {
      // A fixed base: the Host header is client input and must not make URL parsing fail.
      const url = new URL(request.url ?? '/', 'http://localhost');
      // The admin API reads its small bodies (1 MiB at most) itself.
      this.#continue(request, response);
      if (await this.#options.adminHandler(request, response, url)) return;
    }
    const method = request.method ?? 'GET';
    const match = this.#router.match(method, path);
    if (match.kind === 'not-found') return void answer(response, 404, '', TEXT);
    const query = readQuery(search);
    const identity = this.#options.keys.identify(presentedKey(request, query));
    if (match.fn.disabled && identity?.level !== 'admin') return void answer(response, 404, '', TEXT);
    if (this.#options.enableAuth && !satisfies(identity, match.fn.authLevel))
      return void answer(response, 401, '', TEXT);
    if (declaredTooLarge(request, this.#bodyLimit)) return void answer(response, 413, '', CLOSE);
    const routed: RoutedRequest = { request, response, fn: match.fn, values: match.values, query, identity };
    await this.#invoke(routed);
  }

  async #invoke(routed: RoutedRequest): Promise<void> {
    const { request, response, fn } = routed;
    let slot: HttpInvocationSlot;
    try {
      slot = await this.#options.dispatcher.begin(fn);
    } catch (error) {
      const errorId = randomUUID();
      this.#log('Warning', `No worker for '${fn.name}' (${errorId}): ${describe(error)}`);
      return void answerFailure(response, 'unavailable', errorId);
    }
    const cancel = cancelOnce(slot);
    if (response.destroyed) return cancel('The HTTP client disconnected before a worker was chosen.');
    response.once('close', () => {
      if (!response.writableFinished) cancel('The HTTP client disconnected.');
    });
    const shape = rpcHttpShape(slot.capabilities);
    if (shape.invalidProxyUri !== undefined && !this.#warned.has(shape)) {
      this.#warned.add(shape);
      this.#log(
        'Warning',
        `Ignoring HttpUri '${shape.invalidProxyUri}': only http URLs on loopback are forwarded to.`,
      );
    }
    if (shape.proxyUri) {
      this.#continue(request, response);
      const data = requestData(routed, undefined);
      const metadata = httpTriggerMetadata(data, shape, fn.triggerBindingName, NOT_JSON, undefined);
      return this.#proxy.run({
        request,
        response,
        target: shape.proxyUri,
        slot,
        cancel,
        maxBodyBytes: this.#bodyLimit,
        inputData: triggerInput(fn, proxyRpcHttp(routed.values, shape)),
        triggerMetadata: metadata,
        trace: traceOf(request),
        log: (level, message) => this.#log(level, message),
      });
    }
    let body: Buffer | undefined;
    if (mayHaveBody(request)) {
      try {
        body = await this.#readBody(request, response);
      } catch (error) {
        cancel('The request body could not be read.');
        if (error instanceof BodyBudgetError) return this.#overBudget(request, response, fn.name);
        const status = error instanceof BodyTooLargeError ? 413 : 400;
        // The client's fault, and the function never ran: not an error of the host or the function.
        this.#log(
          'Information',
          `Request ${request.method} ${pathOf(request)} for '${fn.name}' answered ${status}: ${describe(error)}`,
        );
        return void answer(response, status, '', CLOSE);
      }
    }
    const data = requestData(routed, body);
    const json = parseJsonBody(data);
    const http = toRpcHttp(data, shape, json);
    const metadata = httpTriggerMetadata(data, shape, fn.triggerBindingName, json, http);
    const outcome = await slot.invoke(triggerInput(fn, http), metadata, undefined, traceOf(request));
    if (!outcome.ok) {
      this.#log(
        outcome.reason === 'cancelled' ? 'Debug' : 'Error',
        `Invocation ${slot.invocationId} of '${fn.name}' ended '${outcome.reason}' (${outcome.errorId}): ${outcome.message}`,
      );
      return void answerFailure(response, outcome.reason, outcome.errorId);
    }
    this.#answerOutput(routed, slot.invocationId, outcome.response);
  }

  /**
   * Reads a body whole, its bytes counted against the budget of bodies in memory until the request is
   * answered: a declared length is taken at once (before the client is told to go on), a chunked body as it
   * arrives.
   */
  async #readBody(request: IncomingMessage, response: ServerResponse): Promise<Buffer> {
    const budget = this.#bytesInFlight;
    let held = 0;
    response.once('close', () => budget.give(held));
    const declared = request.headers['content-length'];
    if (declared !== undefined) {
      if (!budget.take(Number(declared))) throw new BodyBudgetError();
      held = Number(declared);
      this.#continue(request, response);
      return readBody(request, this.#bodyLimit);
    }
    this.#continue(request, response);
    return readBody(request, this.#bodyLimit, (bytes) => {
      if (!budget.take(bytes)) return false;
      held += bytes;
      return true;
    });
  }

  #overBudget(request: IncomingMessage, response: ServerResponse, name: string): void {
    this.#log(
      'Warning',
      `Request ${request.method} ${pathOf(request)} for '${name}' answered 503: request bodies in memory are at their budget (${this.#bytesInFlight.held} bytes held).`,
    );
    answer(response, 503, '', { ...CLOSE, 'retry-after': '1' });
  }

  /** Tells a client that sent `Expect: 100-continue` to send its body, once the request is to be served. */
  #continue(request: IncomingMessage, response: ServerResponse): void {
    if (this.#awaitingContinue.delete(request)) response.writeContinue();
  }

  #answerOutput(routed: RoutedRequest, invocationId: string, output: Parameters<typeof httpOutput>[0]): void {
    const { response, fn } = routed;
    if (invocationFailed(output)) {
      this.#log(
        'Error',
        `Invocation ${invocationId} of '${fn.name}' failed: ${output.result?.exception?.message ?? ''}`,
      );
      return void answerFailure(response, 'failure', invocationId);
    }
    try {
      const result = readHttpResult(httpOutput(output, fn.httpOutputBindingName));
      if (result.dropped.length > 0) {
        this.#log(
          'Warning',
          `Invocation ${invocationId} of '${fn.name}': dropped invalid ${result.dropped.join(', ')}.`,
        );
      }
      if (response.destroyed) return;
      writeHttpResult(response, result);
    } catch (error) {
      const reason = error instanceof HttpResultError ? error.message : describe(error);
      this.#log(
        'Error',
        `Invocation ${invocationId} of '${fn.name}' returned an unusable response: ${reason}`,
      );
      answerFailure(response, 'failure', invocationId);
    }
  }

  #log(level: LogLevel, message: string): void {
    this.#options.log?.(level, message);
  }
}

/** The slot's cancel, passing on only the first call (client close and body failure may both ask). */
function cancelOnce(slot: HttpInvocationSlot): (reason: string) => void {
  let cancelled = false;
  return (reason) => {
    if (cancelled) return;
    cancelled = true;
    slot.cancel(reason);
  };
}

function isAdminPath(path: string): boolean {
  return (
    path.length >= 6 && path.slice(0, 6).toLowerCase() === '/admin' && (path.length === 6 || path[6] === '/')
  );
}

/** The `input_data` of an HTTP invocation: the RpcHttp under the trigger binding's name. */
function triggerInput(
  fn: HttpFunctionDescriptor,
  http: RpcHttp,
): Parameters<HttpInvocationSlot['invoke']>[0] {
  return [
    {
      name: fn.triggerBindingName,
      rpcData: { case: 'data', value: { data: { case: 'http', value: http } } },
    },
  ];
}

function requestData(routed: RoutedRequest, body: Buffer | undefined): HttpRequestData {
  const { request } = routed;
  return {
    method: request.method ?? 'GET',
    url: `http://${requestHost(request)}${request.url ?? '/'}`,
    headers: readHeaders(request),
    query: routed.query,
    params: routed.values,
    body,
    identity: routed.identity,
  };
}

/** The trace an HTTP invocation continues: the caller's W3C traceparent and tracestate, if valid. */
function traceOf(request: IncomingMessage): InvocationTrace | undefined {
  return continueTrace(request.headers['traceparent'], request.headers['tracestate']);
}

function pathOf(request: IncomingMessage): string {
  return requestTarget(request.url ?? '/').path;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A taken port says what to do about it; other listen errors pass unchanged. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code !== 'EADDRINUSE') return error;
  return new Error(
    `Port ${port} on ${host} is in use (EADDRINUSE): stop what is listening there, or choose another port (0 picks a free one).`,
    { cause: error },
  );
}
