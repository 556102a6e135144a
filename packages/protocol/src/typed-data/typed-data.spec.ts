import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { ModelBindingDataSchema, RpcHttpSchema, TypedDataSchema } from '../gen/FunctionRpc_pb.js';
import { asBytes, fromTypedData, safeNumber, toTypedData, type TypedDataKind } from './typed-data.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('toTypedData (inferred member)', () => {
  const cases: [string, unknown, TypedDataKind | undefined, unknown][] = [
    ['null', null, undefined, undefined],
    ['undefined', undefined, undefined, undefined],
    ['a string', 'héllo', 'string', 'héllo'],
    ['an empty string', '', 'string', ''],
    ['a safe integer', 42, 'int', 42n],
    ['a negative zero-free integer', -7, 'int', -7n],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, 'int', BigInt(Number.MAX_SAFE_INTEGER)],
    ['an unsafe integer', 2 ** 60, 'double', 2 ** 60],
    ['a fraction', 1.5, 'double', 1.5],
    ['NaN', Number.NaN, 'double', Number.NaN],
    ['a bigint', 2n ** 62n, 'int', 2n ** 62n],
    ['an object', { a: [1, 'b'] }, 'json', '{"a":[1,"b"]}'],
    ['an array', [1, 2], 'json', '[1,2]'],
    ['a boolean', true, 'json', 'true'],
    ['an object holding a bigint', { n: 5n }, 'json', '{"n":"5"}'],
    ['a Uint8Array', bytes(1, 2), 'bytes', bytes(1, 2)],
  ];
  for (const [name, value, kind, expected] of cases) {
    it(`puts ${name} in ${kind ?? 'no member'}`, () => {
      const data = toTypedData(value);
      assert.equal(data.data.case, kind);
      assert.deepEqual(data.data.value, expected);
    });
  }

  it('views Buffers, ArrayBuffers and other views as bytes without copying', () => {
    const buffer = Buffer.from([1, 2, 3, 4]);
    assert.equal(asBytes(buffer), buffer);
    const arrayBuffer = new ArrayBuffer(4);
    assert.equal(asBytes(arrayBuffer)?.buffer, arrayBuffer);
    const view = new DataView(arrayBuffer, 1, 2);
    const viewed = asBytes(view);
    assert.equal(viewed?.byteOffset, 1);
    assert.equal(viewed?.byteLength, 2);
    assert.deepEqual(toTypedData(new Uint16Array([0x0102])).data, { case: 'bytes', value: bytes(2, 1) });
    assert.equal(asBytes('text'), undefined);
  });

  it('keeps RpcHttp and ModelBindingData messages in their own members', () => {
    const http = create(RpcHttpSchema, { method: 'GET' });
    assert.equal(toTypedData(http).data.case, 'http');
    const model = create(ModelBindingDataSchema, { source: 'AzureStorageBlobs' });
    assert.equal(toTypedData(model).data.case, 'modelBindingData');
  });

  it('refuses values JSON cannot express', () => {
    assert.throws(() => toTypedData(() => 1), /A function cannot be written as JSON/);
    assert.throws(() => toTypedData(Symbol('s')), TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    assert.throws(() => toTypedData(cyclic), TypeError);
  });
});

describe('toTypedData (explicit member)', () => {
  const model = { version: '1', source: 's', contentType: 'application/json', content: bytes(1) };
  const cases: [TypedDataKind, unknown, unknown][] = [
    ['string', 'x', 'x'],
    ['string', { a: 1 }, '{"a":1}'],
    ['json', 'x', '"x"'],
    ['json', null, 'null'],
    ['bytes', 'hé', bytes(0x68, 0xc3, 0xa9)],
    ['bytes', bytes(9), bytes(9)],
    ['stream', bytes(7), bytes(7)],
    ['int', 12, 12n],
    ['int', '-9007199254740993', -9007199254740993n],
    ['int', 3n, 3n],
    ['double', 2.5, 2.5],
    ['double', 4n, 4],
    ['collectionString', ['a', 1], { string: ['a', '1'] }],
    ['collectionBytes', ['a', bytes(2)], { bytes: [bytes(0x61), bytes(2)] }],
    ['collectionDouble', [1, 2n], { double: [1, 2] }],
    ['collectionSint64', [1, '2', 3n], { sint64: [1n, 2n, 3n] }],
  ];
  for (const [kind, value, expected] of cases) {
    it(`converts ${typeof value === 'object' ? JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) : String(value)} to ${kind}`, () => {
      const data = toTypedData(value, kind);
      assert.equal(data.data.case, kind);
      const actual: unknown = data.data.value;
      const plain =
        actual && typeof actual === 'object' && '$typeName' in actual
          ? Object.fromEntries(Object.entries(actual).filter(([key]) => key !== '$typeName'))
          : actual;
      assert.deepEqual(plain, expected);
    });
  }

  it('builds http and model binding members from plain objects', () => {
    const http = toTypedData({ method: 'POST', statusCode: '201' }, 'http');
    assert.equal(http.data.case, 'http');
    assert.equal(http.data.value.statusCode, '201');
    const single = toTypedData(model, 'modelBindingData');
    assert.equal(single.data.case, 'modelBindingData');
    assert.equal(single.data.value.source, 's');
    const many = toTypedData([model, create(ModelBindingDataSchema, model)], 'collectionModelBindingData');
    assert.equal(many.data.case, 'collectionModelBindingData');
    assert.equal(many.data.value.modelBindingData.length, 2);
  });

  const impossible: [TypedDataKind, unknown, RegExp][] = [
    ['int', 1.5, /TypedData\.int needs an integer, got a number/],
    ['int', '12abc', /needs an integer, got a string/],
    ['int', null, /needs an integer, got null/],
    ['double', 'x', /needs a number, got a string/],
    ['bytes', 5, /TypedData\.bytes needs binary data or a string, got a number/],
    ['stream', {}, /TypedData\.stream needs binary data/],
    ['http', 'GET', /TypedData\.http needs an object, got a string/],
    ['modelBindingData', 1, /needs an object/],
    ['collectionString', 'a', /TypedData\.collectionString needs an array, got a string/],
    ['collectionBytes', [1], /needs binary data or a string, got a number/],
    ['collectionDouble', ['x'], /needs a number/],
    ['collectionSint64', [0.5], /needs an integer/],
    ['collectionModelBindingData', [null], /needs an object, got null/],
    ['json', undefined, /cannot be written as JSON/],
  ];
  for (const [kind, value, message] of impossible) {
    it(`refuses ${String(value)} as ${kind}`, () => assert.throws(() => toTypedData(value, kind), message));
  }
});

describe('fromTypedData', () => {
  const read = (data: Parameters<typeof create<typeof TypedDataSchema>>[1]): unknown =>
    fromTypedData(create(TypedDataSchema, data));

  it('reads every member', () => {
    assert.equal(read({ data: { case: 'string', value: 's' } }), 's');
    assert.deepEqual(read({ data: { case: 'json', value: '{"a":1}' } }), { a: 1 });
    assert.deepEqual(read({ data: { case: 'bytes', value: bytes(1) } }), bytes(1));
    assert.deepEqual(read({ data: { case: 'stream', value: bytes(2) } }), bytes(2));
    assert.equal(
      (read({ data: { case: 'http', value: { method: 'GET' } } }) as { method: string }).method,
      'GET',
    );
    assert.equal(read({ data: { case: 'int', value: 5n } }), 5);
    assert.equal(read({ data: { case: 'double', value: 0.25 } }), 0.25);
    assert.deepEqual(read({ data: { case: 'collectionBytes', value: { bytes: [bytes(3)] } } }), [bytes(3)]);
    assert.deepEqual(read({ data: { case: 'collectionString', value: { string: ['a'] } } }), ['a']);
    assert.deepEqual(read({ data: { case: 'collectionDouble', value: { double: [1.5] } } }), [1.5]);
    assert.deepEqual(read({ data: { case: 'collectionSint64', value: { sint64: [1n, 2n ** 60n] } } }), [
      1,
      2n ** 60n,
    ]);
    const model = read({ data: { case: 'modelBindingData', value: { source: 'src' } } }) as {
      source: string;
    };
    assert.equal(model.source, 'src');
    const models = read({
      data: { case: 'collectionModelBindingData', value: { modelBindingData: [{ version: '1' }] } },
    }) as { version: string }[];
    assert.equal(models[0]?.version, '1');
    assert.equal(read({}), undefined);
    assert.equal(fromTypedData(undefined), undefined);
  });

  it('keeps JSON text with json: text and reports bad JSON', () => {
    const data = toTypedData({ a: 1 });
    assert.equal(fromTypedData(data, { json: 'text' }), '{"a":1}');
    assert.throws(
      () => fromTypedData(create(TypedDataSchema, { data: { case: 'json', value: '{' } })),
      SyntaxError,
    );
  });

  it('returns numbers for safe integers and bigints beyond', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    assert.equal(safeNumber(max), Number.MAX_SAFE_INTEGER);
    assert.equal(safeNumber(-max), -Number.MAX_SAFE_INTEGER);
    assert.equal(safeNumber(max + 1n), max + 1n);
    assert.equal(safeNumber(-max - 1n), -max - 1n);
    assert.equal(fromTypedData(toTypedData(2n ** 63n - 1n)), 2n ** 63n - 1n);
    assert.equal(fromTypedData(toTypedData(Number.MIN_SAFE_INTEGER)), Number.MIN_SAFE_INTEGER);
  });

  it('round-trips every inferable value', () => {
    for (const value of ['', 'x', 0, -1, 1.25, 2n ** 60n, { a: [null, true] }, bytes(1, 2, 3)]) {
      assert.deepEqual(fromTypedData(toTypedData(value)), value);
    }
  });
});
