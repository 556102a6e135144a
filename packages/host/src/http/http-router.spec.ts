import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpFunctionDescriptor } from './http-dispatcher.js';
import { HttpRouter } from './http-router.js';

function fn(name: string, route?: string, methods?: string[]): HttpFunctionDescriptor {
  return { name, functionId: name, route, methods, authLevel: 'anonymous', triggerBindingName: 'req' };
}

function routed(router: HttpRouter, method: string, path: string): string {
  const result = router.match(method, path);
  return result.kind === 'found' ? result.fn.name : result.kind;
}

describe('HttpRouter', () => {
  it('prefixes routes with api by default and uses the function name without a route', () => {
    const router = new HttpRouter();
    router.setFunctions([fn('Hello')]);
    assert.equal(routed(router, 'GET', '/api/hello'), 'Hello');
    assert.equal(routed(router, 'GET', '/hello'), 'not-found');
  });

  it('serves without a prefix when it is empty', () => {
    const router = new HttpRouter('');
    router.setFunctions([fn('root', ''), fn('hello')]);
    assert.equal(routed(router, 'GET', '/hello'), 'hello');
    assert.equal(routed(router, 'GET', '/'), 'root');
  });

  it('prefers literal > constrained > parameter > optional > catch-all', () => {
    const router = new HttpRouter();
    router.setFunctions([
      fn('catchAll', 'items/{*rest}'),
      fn('optional', 'items/{id?}'),
      fn('param', 'items/{id}'),
      fn('constrained', 'items/{id:int}'),
      fn('literal', 'items/special'),
    ]);
    assert.equal(routed(router, 'GET', '/api/items/special'), 'literal');
    assert.equal(routed(router, 'GET', '/api/items/12'), 'constrained');
    assert.equal(routed(router, 'GET', '/api/items/abc'), 'param');
    assert.equal(routed(router, 'GET', '/api/items'), 'optional');
    assert.equal(routed(router, 'GET', '/api/items/a/b'), 'catchAll');
  });

  it('treats a route whose methods do not match as no match, and tries other routes', () => {
    const router = new HttpRouter();
    router.setFunctions([
      fn('get', 'things/{id}', ['GET']),
      fn('put', 'things/{id}', ['put']),
      fn('any', 'other'),
    ]);
    assert.equal(routed(router, 'PUT', '/api/things/1'), 'put');
    assert.equal(routed(router, 'DELETE', '/api/things/1'), 'not-found');
    assert.equal(routed(router, 'PATCH', '/api/other'), 'any');
  });

  it('reports invalid templates and keeps the other routes', () => {
    const router = new HttpRouter();
    const errors = router.setFunctions([fn('bad', 'x/{id:unknown}'), fn('good', 'y')]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.functionName, 'bad');
    assert.equal(routed(router, 'GET', '/api/y'), 'good');
  });
});
