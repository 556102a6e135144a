import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Which browser origins may call the host across origins, as `func start --cors` and local.settings.json
 * `Host.CORS` configure it: any method and any request header are allowed for those origins.
 */
export interface CorsPolicy {
  /** Origins such as `http://localhost:3000`; `*` allows any. */
  readonly origins: readonly string[];
  /** Lets browsers send cookies and Authorization: the origin is then echoed, never `*`. */
  readonly credentials: boolean;
}

/** A policy as options give it: what is missing comes from local.settings.json. */
export interface CorsOptions {
  readonly origins?: readonly string[];
  readonly credentials?: boolean;
}

/**
 * The policy in force: each part from the options, else from local.settings.json; none without origins.
 *
 * @throws Error when it combines `*` with credentials.
 */
export function mergeCorsPolicy(
  options: CorsOptions | undefined,
  settings: CorsPolicy | undefined,
): CorsPolicy | undefined {
  const origins = options?.origins ?? settings?.origins ?? [];
  if (origins.length === 0) return undefined;
  const policy = { origins, credentials: options?.credentials ?? settings?.credentials ?? false };
  const problem = corsPolicyProblem(policy);
  if (problem) throw new Error(problem);
  return policy;
}

/** Origins from a comma-separated list (`--cors`, `Host.CORS`), without blanks or trailing slashes. */
export function parseCorsOrigins(text: string): string[] {
  return text
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
}

/**
 * Why a policy cannot be used, or undefined when it can. Browsers refuse `*` together with credentials,
 * so, as the reference host does, such a policy is a configuration error.
 */
export function corsPolicyProblem(policy: CorsPolicy): string | undefined {
  if (policy.credentials && policy.origins.includes('*'))
    return "CORS credentials cannot be allowed for any origin ('*'); list the origins instead.";
  return undefined;
}

/**
 * Applies the policy to a request before it is routed: an allowed Origin gets the CORS response headers,
 * and a preflight (OPTIONS with Access-Control-Request-Method) is answered at once with 204, allowed or
 * not, without reaching a function.
 *
 * @returns true when the request has been answered (a preflight).
 */
export function applyCors(policy: CorsPolicy, request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  const requestedMethod = request.headers['access-control-request-method'];
  const preflight = request.method === 'OPTIONS' && requestedMethod !== undefined;
  if (isAllowed(policy, origin)) {
    const anyOrigin = policy.origins.includes('*') && !policy.credentials;
    response.setHeader('access-control-allow-origin', anyOrigin ? '*' : origin);
    if (!anyOrigin) response.setHeader('vary', 'Origin');
    if (policy.credentials) response.setHeader('access-control-allow-credentials', 'true');
    if (preflight) {
      response.setHeader('access-control-allow-methods', requestedMethod);
      const requestedHeaders = request.headers['access-control-request-headers'];
      if (requestedHeaders) response.setHeader('access-control-allow-headers', requestedHeaders);
    }
  }
  if (!preflight) return false;
  response.writeHead(204, { 'content-length': '0' }).end();
  return true;
}

function isAllowed(policy: CorsPolicy, origin: string): boolean {
  const wanted = origin.toLowerCase();
  return policy.origins.some((allowed) => allowed === '*' || allowed.toLowerCase() === wanted);
}
