/**
 * The host's HTTP front end: routing, keys and auth, RpcHttp building and reading, HttpUri proxying, and the
 * node:http server that ties them together. The host core implements {@link HttpDispatcher}.
 */
export type {
  HttpDispatcher,
  HttpFunctionDescriptor,
  HttpInvocationOutcome,
  HttpInvocationSlot,
} from './http-dispatcher.js';
export { HttpFrontEnd, type HttpAdminHandler, type HttpFrontEndOptions } from './http-front-end.js';
export { KEY_HEADER, KEY_QUERY_PARAMETER, type KeyIdentity } from '@functions-rpc/protocol';
export {
  KeyStore,
  presentedKey,
  SECRETS_FILE_NAME,
  STATE_FOLDER,
  satisfies,
  type AuthLevel,
} from './key-store.js';
export { HttpRouter, type RouteError, type RouteMatch } from './http-router.js';
export { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http-limits.js';
export { RouteTemplateError } from './route-constraints.js';
