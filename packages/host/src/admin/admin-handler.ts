import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InvocationOutcome } from '../channel/invocation-outcome.js';
import type { FunctionInfo } from '../functions/function-info.js';
import { isHttpTrigger } from '../functions/function-info.js';
import { functionInErrorMessage, type FunctionRegistry } from '../functions/function-registry.js';
import type { KeyStore } from '../http/key-store.js';
import { functionView, type FunctionView } from './admin-views.js';
import { readBody } from './read-body.js';

/** What the admin API reads from and asks of the host. */
export interface AdminContext {
  readonly keys: KeyStore;
  /** Whether the admin routes need the master key; without, they are open as under `func start`. */
  readonly enableAuth: boolean;
  readonly registry: () => FunctionRegistry;
  readonly baseUrl: () => string;
  /** The invoke URL of an HTTP function; undefined for other triggers. */
  readonly invokeUrl: (fn: FunctionInfo) => string | undefined;
  /** The body of `GET /admin/host/status`. */
  readonly status: () => unknown;
  /** Starts an admin invocation; the handler answers 202 without waiting. */
  readonly invoke: (fn: FunctionInfo, input: string) => Promise<InvocationOutcome>;
  /** Starts a restart of the app; the handler answers 202 without waiting. */
  readonly restart: () => void;
}

/** The front end's hook for `/admin/...`: true when the request was answered. */
export type AdminHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;

const MAX_ADMIN_BODY = 1024 * 1024;

/**
 * The admin API: `GET|POST /admin/host/ping` (anonymous), and with the master key (when auth is enabled)
 * `GET /admin/host/status`,
 * `POST /admin/host/restart` (202; restarts in the background), `GET /admin/functions`,
 * `GET /admin/functions/{name}`, `GET /admin/functions/{name}/status` (`{"errors": […]}` for a function in
 * error), `POST /admin/functions/{name}` (`{"input": …}` → 202; runs non-HTTP functions in the background).
 * Functions in error are listed like the others, but not run.
 */
export function createAdminHandler(context: AdminContext): AdminHandler {
  return async (request, response, url) => {
    const path = url.pathname.replace(/\/+$/, '').toLowerCase();
    if (!path.startsWith('/admin')) return false;
    const method = request.method ?? 'GET';
    if (path === '/admin/host/ping') {
      if (method !== 'GET' && method !== 'POST') send(response, 405, { error: 'Use GET or POST.' });
      else send(response, 200);
      return true;
    }
    if (context.enableAuth && !context.keys.authorize(request, 'admin')) {
      send(response, 401, { error: 'The master key is required (header x-functions-key or query code).' });
      return true;
    }
    await route(context, request, response, path, method, url);
    return true;
  };
}

async function route(
  context: AdminContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  method: string,
  url: URL,
): Promise<void> {
  if (path === '/admin/host/status' && method === 'GET') return send(response, 200, context.status());
  if (path === '/admin/host/restart') {
    if (method !== 'POST') return send(response, 405, { error: 'Use POST.' });
    context.restart();
    return send(response, 202);
  }
  const registry = context.registry();
  if (path === '/admin/functions' && method === 'GET') {
    const listed = [...registry.all, ...registry.inError.map((entry) => entry.fn)];
    return send(
      response,
      200,
      listed.map((fn) => view(context, fn)),
    );
  }
  const match = /^\/admin\/functions\/([^/]+)(\/status)?$/i.exec(url.pathname.replace(/\/+$/, ''));
  if (!match) return send(response, 404, { error: `No admin route ${method} ${url.pathname}.` });
  const name = decodePathSegment(match[1]!);
  if (name === undefined)
    return send(response, 400, { error: 'The function name is not valid percent-encoding.' });
  const inError = registry.inErrorByName(name);
  const fn = registry.byName(name) ?? inError?.fn;
  if (!fn) return send(response, 404, { error: `No function named '${name}'.` });
  if (match[2]) {
    if (method !== 'GET') return send(response, 405, { error: 'Use GET.' });
    return send(response, 200, inError ? { errors: [inError.error] } : {});
  }
  if (method === 'GET') return send(response, 200, view(context, fn));
  if (method !== 'POST') return send(response, 405, { error: 'Use GET or POST.' });
  // As the reference host, which has no runnable function by that name: 404, here with the reason.
  if (inError) return send(response, 404, { error: functionInErrorMessage(inError) });
  return invoke(context, request, response, fn);
}

async function invoke(
  context: AdminContext,
  request: IncomingMessage,
  response: ServerResponse,
  fn: FunctionInfo,
): Promise<void> {
  if (isHttpTrigger(fn)) {
    return send(response, 400, { error: `'${fn.name}' is an HTTP function; call its URL instead.` });
  }
  let input: string;
  try {
    input = parseInvokeBody(await readBody(request, MAX_ADMIN_BODY));
  } catch (error) {
    return send(response, 400, { error: (error as Error).message });
  }
  void context.invoke(fn, input);
  send(response, 202);
}

/**
 * Reads `{"input": …}`: a string is used as is, any other JSON value as its JSON text.
 *
 * @throws Error when the body is empty or not such an object.
 */
export function parseInvokeBody(body: string): string {
  if (body.trim() === '') throw new Error('A body {"input": "..."} is required.');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('The body must be JSON: {"input": "..."}.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('The body must be a JSON object: {"input": "..."}.');
  }
  const input = (json as Record<string, unknown>)['input'];
  if (input === undefined || input === null) return '';
  return typeof input === 'string' ? input : JSON.stringify(input);
}

function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function view(context: AdminContext, fn: FunctionInfo): FunctionView {
  return functionView(fn, context.baseUrl(), context.invokeUrl(fn));
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status, { 'content-length': '0' }).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
