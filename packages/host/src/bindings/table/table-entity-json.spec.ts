import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entitiesJson, entityJson } from './table-entity-json.js';

describe('table entities as the reference host sends them', () => {
  it('puts the system keys first, drops annotations and odata.metadata, and formats times as .NET does', () => {
    const raw = {
      'odata.metadata': 'http://x/$metadata#People/@Element',
      Name: 'Ann',
      'odata.etag': `W/"datetime'2024-05-01T10%3A20%3A30.1234500Z'"`,
      PartitionKey: 'p',
      RowKey: 'r',
      When: '2024-05-01T10:20:30Z',
      'When@odata.type': 'Edm.DateTime',
      Timestamp: '2024-05-01T10:20:30.1234500Z',
    };
    assert.equal(
      entityJson(raw),
      `{"odata.etag":"W/\\"datetime'2024-05-01T10%3A20%3A30.1234500Z'\\"","PartitionKey":"p","RowKey":"r",` +
        `"Timestamp":"2024-05-01T10:20:30.12345+00:00","Name":"Ann","When":"2024-05-01T10:20:30+00:00"}`,
    );
  });

  it('writes Int64 from its digits, non-finite doubles as strings, Guid and Binary as text', () => {
    const raw = {
      Big: '9007199254740993',
      'Big@odata.type': 'Edm.Int64',
      Nan: 'NaN',
      'Nan@odata.type': 'Edm.Double',
      Inf: '-Infinity',
      'Inf@odata.type': 'Edm.Double',
      Half: 0.5,
      Id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      'Id@odata.type': 'Edm.Guid',
      Raw: 'AQID',
      'Raw@odata.type': 'Edm.Binary',
    };
    assert.equal(
      entityJson(raw),
      '{"Big":9007199254740993,"Nan":"NaN","Inf":"-Infinity","Half":0.5,' +
        '"Id":"0f8fad5b-d9cb-469f-a165-70867728950e","Raw":"AQID"}',
    );
    assert.equal(entitiesJson([]), '[]');
    assert.equal(entitiesJson([{ A: 1 }, { B: true }]), '[{"A":1},{"B":true}]');
  });
});
