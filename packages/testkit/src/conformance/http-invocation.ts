import { randomUUID } from 'node:crypto';
import { Capability, StatusResult_Status, type MessagePayloadInit } from '@functions-rpc/protocol';
import {
  httpInvocationRequest,
  httpTriggerMetadata,
  traceContext,
  triggerBindingName,
  type HttpRequestInit,
} from '../rpc-http.js';
import { httpReplyOf, type HttpReply } from './http-reply.js';
import { expectSuccess, invoke, type KitHttpInvocation, type KitInvocation } from './kit-invocations.js';
import { check } from './verdict.js';
import type { IndexedKitFunction, WorkerSession } from './worker-session.js';

/** The invocation id header of a proxied request (BEHAVIOR 6.6). */
const INVOCATION_ID_HEADER = 'x-ms-invocation-id';
/** Connection attempts to the worker's HttpUri: 50 ms doubling up to 250 ms between them, as the reference. */
const PROXY_ATTEMPTS = 10;
/** How long the forwarded request may still take once its invocation succeeded. */
const FORWARD_GRACE_MS = 10_000;

/** An HTTP invocation under way: its id, and its outcome with the HTTP response when it is over. */
export interface StartedHttpInvocation {
  readonly invocationId: string;
  readonly done: Promise<HttpInvocationOutcome>;
}

/** How an HTTP invocation ended: the worker's response, and the HTTP response when there was one. */
export interface HttpInvocationOutcome {
  readonly outcome: KitInvocation;
  readonly reply: HttpReply | undefined;
  /** Why the forwarded request (HttpUri) got no response. */
  readonly forwardError?: string;
}

/**
 * Starts an HTTP invocation the way the worker's capabilities ask: the request inside the InvocationRequest
 * (BEHAVIOR 6.2), or, for a worker with `HttpUri`, forwarded to that loopback address while the
 * InvocationRequest carries an empty RpcHttp (route parameters only with RequiresRouteParameters) and the
 * trigger metadata (BEHAVIOR 6.6).
 */
export function startHttpInvocation(
  session: WorkerSession,
  fn: IndexedKitFunction,
  request: HttpRequestInit,
): StartedHttpInvocation {
  const httpUri = session.capabilities[Capability.HttpUri];
  if (!httpUri) {
    const payload = httpInvocationRequest(fn, request, session.httpShape);
    const done = invoke(session, payload).then((outcome) => ({
      outcome,
      reply: httpReplyOf(fn, outcome.response),
    }));
    return { invocationId: payload.invocationId!, done };
  }
  const invocationId = randomUUID();
  const forwarding = new AbortController();
  const reply = forward(new URL(httpUri), request, invocationId, forwarding.signal).then(
    (answer) => ({ reply: answer }),
    (error: unknown) => ({ reply: undefined, forwardError: (error as Error).message }),
  );
  const outcome = invoke(session, proxiedInvocationRequest(session, fn, request, invocationId));
  // As a host does: a failed invocation ends the forwarding; a successful one leaves it a grace period.
  const done = outcome.then(
    async (settled) => {
      const failed = settled.response.result?.status !== StatusResult_Status.Success;
      const timer = setTimeout(() => forwarding.abort(), failed ? 0 : FORWARD_GRACE_MS);
      const answer = await reply;
      clearTimeout(timer);
      return { outcome: settled, ...answer };
    },
    (error: unknown) => {
      forwarding.abort();
      throw error;
    },
  );
  return { invocationId, done };
}

function proxiedInvocationRequest(
  session: WorkerSession,
  fn: IndexedKitFunction,
  request: HttpRequestInit,
  invocationId: string,
): MessagePayloadInit<'invocationRequest'> {
  const triggerName = triggerBindingName(fn);
  const params = session.has('RequiresRouteParameters') ? { params: { ...request.params } } : {};
  return {
    invocationId,
    functionId: fn.functionId,
    inputData: [
      { name: triggerName, rpcData: { case: 'data', value: { data: { case: 'http', value: params } } } },
    ],
    triggerMetadata: httpTriggerMetadata(request, triggerName, {
      ...session.httpShape,
      triggerMetadataRemoved: true,
    }),
    traceContext: traceContext(),
  };
}

/** Sends the request to the worker's own HTTP server, retrying while it does not accept connections. */
async function forward(
  target: URL,
  request: HttpRequestInit,
  invocationId: string,
  signal: AbortSignal,
): Promise<HttpReply> {
  check(
    ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname),
    `HttpUri '${target.href}' is not a loopback address`,
  );
  const original = new URL(request.url);
  const url = new URL(`${original.pathname}${original.search}`, target);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers ?? {}))
    headers.set(name, typeof value === 'string' ? value : value.join(','));
  headers.set(INVOCATION_ID_HEADER, invocationId);
  headers.set('x-forwarded-host', original.host);
  headers.set('x-forwarded-proto', original.protocol.replace(':', ''));
  headers.delete('content-length');
  let delay = 50;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, {
        method: request.method ?? 'GET',
        headers,
        signal,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      const replyHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => (replyHeaders[name] = value));
      return {
        status: response.status,
        headers: replyHeaders,
        cookies: [],
        body: Buffer.from(await response.arrayBuffer()),
      };
    } catch (error) {
      if (attempt >= PROXY_ATTEMPTS)
        throw new Error(`forwarding to HttpUri failed: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 250);
    }
  }
}

/** Invokes an HTTP function of the kit app as the worker's capabilities ask; it must answer Success. */
export async function invokeHttp(
  session: WorkerSession,
  fn: IndexedKitFunction,
  request: HttpRequestInit,
): Promise<KitHttpInvocation> {
  const { outcome, reply, forwardError } = await startHttpInvocation(session, fn, request).done;
  expectSuccess(fn, outcome);
  check(reply, forwardError ?? `'${fn.name}' answered Success without an HTTP response`, outcome.message);
  return { ...outcome, reply };
}
