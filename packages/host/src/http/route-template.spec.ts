import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RouteTemplateError } from './route-constraints.js';
import { compileRoute, matchRoute } from './route-template.js';
import { splitPath } from './http-router.js';

function match(template: string, path: string): Record<string, string | undefined> | undefined {
  return matchRoute(compileRoute(template), splitPath(path));
}

describe('route templates', () => {
  it('matches literals case-insensitively and rejects extra or missing segments', () => {
    assert.deepEqual(match('api/Products', '/API/products'), {});
    assert.deepEqual(match('api/products', '/api/products/'), {});
    assert.equal(match('api/products', '/api/products/1'), undefined);
    assert.equal(match('api/products', '/api'), undefined);
  });

  it('binds parameters, optional parameters and defaults', () => {
    assert.deepEqual(match('items/{id}', '/items/42'), { id: '42' });
    assert.deepEqual(match('items/{id?}', '/items'), { id: undefined });
    assert.deepEqual(match('items/{id=7}', '/items'), { id: '7' });
    assert.deepEqual(match('items/{id:int=7}', '/items/8'), { id: '8' });
    assert.deepEqual(match('items/{id:int?}', '/items'), { id: undefined });
    assert.deepEqual(match('items/{name}', '/items/a%20b'), { name: 'a b' });
    assert.deepEqual(match('items/{name}', '/items/a%2Fb'), { name: 'a%2Fb' });
  });

  it('binds a catch-all to the rest of the path, possibly empty', () => {
    assert.deepEqual(match('files/{*rest}', '/files/a/b/c.txt'), { rest: 'a/b/c.txt' });
    assert.deepEqual(match('files/{**rest}', '/files'), { rest: undefined });
    assert.deepEqual(match('files/{*rest=x}', '/files'), { rest: 'x' });
  });

  it('binds complex segments', () => {
    assert.deepEqual(match('files/{name}.{ext}', '/files/report.final.pdf'), {
      name: 'report.final',
      ext: 'pdf',
    });
    assert.equal(match('files/{name}.{ext}', '/files/report'), undefined);
  });

  it('applies every inline constraint', () => {
    const cases: [string, string, boolean][] = [
      ['int', '-12', true],
      ['int', '2147483648', false],
      ['int', 'x', false],
      ['long', '9223372036854775807', true],
      ['long', '9223372036854775808', false],
      ['bool', 'TRUE', true],
      ['bool', 'yes', false],
      ['datetime', '2024-01-31', true],
      ['datetime', 'never', false],
      ['decimal', '12.50', true],
      ['decimal', '1e3', false],
      ['double', '1.5e3', true],
      ['double', 'abc', false],
      ['float', '1e39', false],
      ['float', '3.25', true],
      ['guid', '0f8fad5b-d9cb-469f-a165-70867728950e', true],
      ['guid', '{0f8fad5b-d9cb-469f-a165-70867728950e}', true],
      ['guid', '0f8fad5bd9cb469fa16570867728950e', true],
      ['guid', '0f8fad5b-d9cb', false],
      ['alpha', 'abcXYZ', true],
      ['alpha', 'abc1', false],
      ['minlength(3)', 'abc', true],
      ['minlength(3)', 'ab', false],
      ['maxlength(3)', 'abcd', false],
      ['length(2)', 'ab', true],
      ['length(2)', 'abc', false],
      ['length(2,4)', 'abcd', true],
      ['length(2,4)', 'abcde', false],
      ['min(10)', '10', true],
      ['min(10)', '9', false],
      ['max(10)', '11', false],
      ['range(1,5)', '5', true],
      ['range(1,5)', '6', false],
      ['range(1,5)', 'x', false],
      ['regex(^\\d{3}$)', '123', true],
      ['regex(^\\d{3}$)', '1234', false],
      ['regex(^A:B$)', 'a:b', true],
    ];
    for (const [constraint, value, expected] of cases) {
      const result = match(`x/{v:${constraint}}`, `/x/${encodeURIComponent(value)}`);
      assert.equal(result !== undefined, expected, `${constraint} on '${value}'`);
    }
  });

  it('chains constraints and accepts the required constraint', () => {
    assert.deepEqual(match('x/{v:int:min(5)}', '/x/6'), { v: '6' });
    assert.equal(match('x/{v:int:min(5)}', '/x/4'), undefined);
    assert.deepEqual(match('x/{v:required}', '/x/a'), { v: 'a' });
  });

  it('rejects malformed templates with a clear error', () => {
    for (const template of [
      'a/{b',
      'a/{*rest}/c',
      'a/{b?}/c',
      'a/{x}/{X}',
      'a/{b:nope}',
      'a//b',
      'a/{b:min(x)}',
    ]) {
      assert.throws(() => compileRoute(template), RouteTemplateError, template);
    }
  });
});
