import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TypedData } from '../gen/FunctionRpc_pb.js';
import { fromNullable } from '../nullable.js';
import { NOT_JSON, parseJsonBody, type HttpRequestData } from './http-request-data.js';
import { httpTriggerMetadata } from './http-trigger-metadata.js';
import { readQuery, type HeaderEntry } from './request-parts.js';
import { rpcHttpShape } from './rpc-http-shape.js';
import { proxyRpcHttp, toRpcHttp } from './to-rpc-http.js';

const NODE_V4 = {
  RawHttpBodyBytes: 'true',
  RpcHttpTriggerMetadataRemoved: 'true',
  RpcHttpBodyOnly: 'true',
  IgnoreEmptyValuedRpcHttpHeaders: 'true',
  UseNullableValueDictionaryForHttp: 'true',
};

function headers(entries: Record<string, string>): Map<string, HeaderEntry> {
  return new Map(Object.entries(entries).map(([name, value]) => [name.toLowerCase(), { name, value }]));
}

function request(init: Partial<HttpRequestData> & { contentType?: string } = {}): HttpRequestData {
  const { contentType, ...rest } = init;
  return {
    method: 'POST',
    url: 'http://h/api/x/1?a=1&a=2&e=&code=k',
    headers: headers({ Host: 'h', 'X-Empty': '', ...(contentType ? { 'Content-Type': contentType } : {}) }),
    query: readQuery('?a=1&a=2&e=&code=k'),
    params: { id: '1', missing: undefined },
    body: undefined,
    identity: undefined,
    ...rest,
  };
}

function member(data: TypedData | undefined): [string | undefined, unknown] {
  const value = data?.data.value;
  return [data?.data.case, value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value];
}

describe('toRpcHttp', () => {
  it('fills nullable maps, keeping empty values, with UseNullableValueDictionaryForHttp', () => {
    const http = toRpcHttp(request(), rpcHttpShape(NODE_V4), NOT_JSON);
    assert.equal(http.url, 'http://h/api/x/1?a=1&a=2&e=&code=k');
    assert.equal(http.method, 'POST');
    assert.equal(fromNullable(http.nullableHeaders['x-empty']), '');
    assert.equal(fromNullable(http.nullableHeaders.host), 'h');
    assert.equal(fromNullable(http.nullableQuery.a), '1,2');
    assert.equal(fromNullable(http.nullableQuery.e), '');
    assert.deepEqual(Object.keys(http.nullableParams), ['id']);
    assert.deepEqual([http.headers, http.query, http.params], [{}, {}, {}]);
  });

  it('fills plain maps without empty query values, and skips empty headers only when asked', () => {
    const keep = toRpcHttp(request(), rpcHttpShape({}), NOT_JSON);
    assert.deepEqual(keep.query, { a: '1,2', code: 'k' });
    assert.equal(keep.headers['x-empty'], '');
    assert.deepEqual(keep.params, { id: '1' });
    const skip = toRpcHttp(request(), rpcHttpShape({ IgnoreEmptyValuedRpcHttpHeaders: 'true' }), NOT_JSON);
    assert.equal('x-empty' in skip.headers, false);
  });

  it('sends body only: bytes with RawHttpBodyBytes or binary types, else text', () => {
    const body = Buffer.from('{"a":1}');
    const data = request({ body, contentType: 'application/json' });
    assert.deepEqual(member(toRpcHttp(data, rpcHttpShape(NODE_V4), NOT_JSON).body), ['bytes', '{"a":1}']);
    const text = toRpcHttp(data, rpcHttpShape({ RpcHttpBodyOnly: 'true' }), NOT_JSON);
    assert.deepEqual(member(text.body), ['string', '{"a":1}']);
    assert.equal(text.rawBody, undefined);
    const octet = request({ body, contentType: 'application/octet-stream' });
    assert.deepEqual(
      member(toRpcHttp(octet, rpcHttpShape({ RpcHttpBodyOnly: 'true' }), NOT_JSON).body)[0],
      'bytes',
    );
  });

  it('parses JSON in legacy mode and keeps a raw body', () => {
    const object = request({
      body: Buffer.from('{ "a": [1, 2] }'),
      contentType: 'application/json; charset=utf-8',
    });
    const http = toRpcHttp(object, rpcHttpShape({}), parseJsonBody(object));
    assert.deepEqual(member(http.body), ['json', '{"a":[1,2]}']);
    assert.deepEqual(member(http.rawBody), ['string', '{ "a": [1, 2] }']);
    const float = request({ body: Buffer.from('1.5'), contentType: 'application/json' });
    assert.deepEqual(member(toRpcHttp(float, rpcHttpShape({}), parseJsonBody(float)).body), ['double', 1.5]);
    const bare = request({ body: Buffer.from('"hi"'), contentType: 'application/json' });
    assert.deepEqual(member(toRpcHttp(bare, rpcHttpShape({}), parseJsonBody(bare)).body), ['string', 'hi']);
    const broken = request({ body: Buffer.from('{nope'), contentType: 'application/json' });
    assert.deepEqual(member(toRpcHttp(broken, rpcHttpShape({}), parseJsonBody(broken)).body), [
      'string',
      '{nope',
    ]);
    const bytesRaw = toRpcHttp(object, rpcHttpShape({ RawHttpBodyBytes: 'true' }), parseJsonBody(object));
    assert.deepEqual(member(bytesRaw.rawBody), ['bytes', '{ "a": [1, 2] }']);
  });

  it('keeps binary bodies binary in legacy mode, with a text raw body', () => {
    const data = request({ body: Buffer.from('abc'), contentType: 'multipart/form-data; boundary=x' });
    const http = toRpcHttp(data, rpcHttpShape({}), NOT_JSON);
    assert.deepEqual(member(http.body), ['bytes', 'abc']);
    assert.deepEqual(member(http.rawBody), ['string', 'abc']);
    const plain = toRpcHttp(request({ body: Buffer.from('t') }), rpcHttpShape({}), NOT_JSON);
    assert.deepEqual(
      [member(plain.body), member(plain.rawBody)],
      [
        ['string', 't'],
        ['string', 't'],
      ],
    );
  });

  it('adds the key identity with WebJobsAuthLevel claims', () => {
    const http = toRpcHttp(
      request({ identity: { level: 'function', keyName: 'default' } }),
      rpcHttpShape({}),
      NOT_JSON,
    );
    const identity = http.identities[0]!;
    assert.equal(fromNullable(identity.authenticationType), 'WebJobsAuthLevel');
    assert.deepEqual(
      identity.claims.map((claim) => [claim.type.split('/').pop(), claim.value]),
      [
        ['authlevel', 'Function'],
        ['invoke', 'true'],
        ['keyid', 'default'],
      ],
    );
    assert.equal(toRpcHttp(request(), rpcHttpShape({}), NOT_JSON).identities.length, 0);
  });

  it('sends an empty RpcHttp in proxy mode, or only route params with RequiresRouteParameters', () => {
    assert.deepEqual(proxyRpcHttp({ id: '1' }, rpcHttpShape({ HttpUri: 'http://localhost:1/' })).params, {});
    const shape = rpcHttpShape({ HttpUri: 'http://localhost:1/', RequiresRouteParameters: 'true' });
    assert.deepEqual(proxyRpcHttp({ id: '1', none: undefined }, shape).params, { id: '1' });
  });
});

describe('httpTriggerMetadata', () => {
  it('carries Query, Headers, query and route params, and JSON body properties', () => {
    const data = request({ body: Buffer.from('{"name":"n","count":3}'), contentType: 'application/json' });
    const metadata = httpTriggerMetadata(data, rpcHttpShape(NODE_V4), 'req', parseJsonBody(data), undefined);
    assert.deepEqual(member(metadata.Query), ['json', '{"a":"2","e":"","code":"k"}']);
    assert.deepEqual(JSON.parse(member(metadata.Headers)[1] as string), {
      Host: 'h',
      'X-Empty': '',
      'Content-Type': 'application/json',
    });
    assert.deepEqual(member(metadata.a), ['string', '1,2']);
    assert.equal(metadata.code, undefined);
    assert.deepEqual(member(metadata.id), ['string', '1']);
    assert.equal(metadata.missing, undefined);
    assert.deepEqual(member(metadata.name), ['string', 'n']);
    assert.deepEqual(member(metadata.count), ['json', '3']);
    assert.equal(metadata.req, undefined);
  });

  it('includes the request under the trigger name and $request unless the worker removed them', () => {
    const data = request();
    const http = toRpcHttp(data, rpcHttpShape({}), NOT_JSON);
    const metadata = httpTriggerMetadata(data, rpcHttpShape({}), 'req', NOT_JSON, http);
    assert.equal(metadata.req?.data.case, 'http');
    assert.equal(metadata.$request?.data.case, 'http');
  });
});

describe('rpcHttpShape', () => {
  it('forwards only to loopback http URIs', () => {
    assert.equal(rpcHttpShape({ HttpUri: 'http://localhost:7/' }).proxyUri?.port, '7');
    assert.equal(rpcHttpShape({ HttpUri: 'http://127.0.0.5:7' }).proxyUri?.hostname, '127.0.0.5');
    assert.ok(rpcHttpShape({ HttpUri: 'http://[::1]:7/' }).proxyUri);
    for (const uri of ['http://example.com/', 'https://localhost/', 'not a url']) {
      const shape = rpcHttpShape({ HttpUri: uri });
      assert.equal(shape.proxyUri, undefined, uri);
      assert.equal(shape.invalidProxyUri, uri);
    }
  });
});
