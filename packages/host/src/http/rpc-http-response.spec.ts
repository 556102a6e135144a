import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import {
  InvocationResponseSchema,
  nullableBool,
  nullableDouble,
  nullableString,
  nullableTimestamp,
  RpcHttpCookie_SameSite,
  RpcHttpCookieSchema,
  RpcHttpSchema,
  toTypedData,
  type TypedData,
} from '@functions-rpc/protocol';
import { httpOutput, HttpResultError, readHttpResult, serializeCookie } from './rpc-http-response.js';

function http(init: Parameters<typeof create<typeof RpcHttpSchema>>[1]): TypedData {
  return toTypedData(create(RpcHttpSchema, init), 'http');
}

function header(headers: string[], name: string): string[] {
  return headers.filter((_, index) => index % 2 === 1 && headers[index - 1] === name);
}

describe('readHttpResult', () => {
  it('reads status, headers, content type and a bytes body', () => {
    const result = readHttpResult(
      http({
        statusCode: '418',
        headers: {
          'Content-Type': 'application/x-tea',
          'x-a': '1',
          'content-length': '999',
          'bad header': 'x',
        },
        body: toTypedData(new Uint8Array([1, 2])),
      }),
    );
    assert.equal(result.status, 418);
    assert.deepEqual(header(result.headers, 'x-a'), ['1']);
    assert.deepEqual(header(result.headers, 'content-type'), ['application/x-tea']);
    assert.deepEqual(header(result.headers, 'content-length'), []);
    assert.deepEqual(result.dropped, ["header 'bad header'"]);
    assert.deepEqual([...(result.body as Uint8Array)], [1, 2]);
  });

  it('defaults: empty or odd status is 200, text gets text/plain, json gets application/json, no body is empty', () => {
    const text = readHttpResult(http({ statusCode: '', body: toTypedData('hi') }));
    assert.deepEqual(
      [text.status, text.body, header(text.headers, 'content-type')],
      [200, 'hi', ['text/plain; charset=utf-8']],
    );
    const json = readHttpResult(http({ statusCode: 'abc', body: toTypedData({ a: 1 }, 'json') }));
    assert.deepEqual(
      [json.status, json.body, header(json.headers, 'content-type')],
      [200, '{"a":1}', ['application/json; charset=utf-8']],
    );
    assert.equal(readHttpResult(http({ body: toTypedData(5) })).body, '5');
    const none = readHttpResult(http({ statusCode: '204' }));
    assert.deepEqual([none.status, none.body], [204, '']);
    assert.deepEqual([readHttpResult(undefined).status, readHttpResult(undefined).body], [200, '']);
  });

  it('rejects statuses outside 100-999', () => {
    assert.throws(() => readHttpResult(http({ statusCode: '42' })), HttpResultError);
  });

  it('treats non-http output per rule 7', () => {
    const like = readHttpResult(toTypedData('{"Body":"made","StatusCode":201,"headers":{"x-b":"2"}}'));
    assert.deepEqual([like.status, like.body, header(like.headers, 'x-b')], [201, 'made', ['2']]);
    const plain = readHttpResult(toTypedData('{"other":1}'));
    assert.deepEqual([plain.status, plain.body], [200, '{"other":1}']);
    const bytes = readHttpResult(toTypedData(new Uint8Array([9])));
    assert.deepEqual([bytes.status, [...(bytes.body as Uint8Array)]], [200, [9]]);
  });
});

describe('serializeCookie', () => {
  it('writes every attribute, SameSite None only when explicit', () => {
    const cookie = create(RpcHttpCookieSchema, {
      name: 'id',
      value: 'a;b',
      domain: nullableString('d.example'),
      path: nullableString('/p'),
      expires: nullableTimestamp(new Date(Date.UTC(2031, 5, 7, 8, 9, 10))),
      maxAge: nullableDouble(60.7),
      secure: nullableBool(true),
      httpOnly: nullableBool(true),
      sameSite: RpcHttpCookie_SameSite.Lax,
    });
    assert.equal(
      serializeCookie(cookie),
      'id=a%3Bb; expires=Sat, 07 Jun 2031 08:09:10 GMT; max-age=60; domain=d.example; path=/p; secure; samesite=lax; httponly',
    );
    const none = create(RpcHttpCookieSchema, {
      name: 'n',
      value: 'v',
      sameSite: RpcHttpCookie_SameSite.None,
    });
    assert.equal(serializeCookie(none), 'n=v; path=/');
    const explicit = create(RpcHttpCookieSchema, {
      name: 'n',
      value: 'v',
      sameSite: RpcHttpCookie_SameSite.ExplicitNone,
    });
    assert.equal(serializeCookie(explicit), 'n=v; path=/; samesite=none');
    assert.equal(serializeCookie(create(RpcHttpCookieSchema, { name: 'bad name', value: 'v' })), undefined);
  });
});

describe('httpOutput', () => {
  it('reads $return from return_value and other names from output_data', () => {
    const returned = toTypedData('r');
    const named = toTypedData('n');
    const response = create(InvocationResponseSchema, {
      returnValue: returned,
      outputData: [{ name: 'res', rpcData: { case: 'data', value: named } }],
    });
    assert.equal(httpOutput(response, '$return'), returned);
    assert.equal(httpOutput(response, 'res'), named);
    assert.equal(httpOutput(response, 'other'), undefined);
    assert.equal(httpOutput(response, undefined), undefined);
  });
});
