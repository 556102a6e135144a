import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toTypedData } from '@functions-rpc/protocol';
import { AppSettings } from '../../storage/app-settings.js';
import { blobPathTemplate, resolveBlobPath } from './blob-path.js';

const data = {
  Name: toTypedData('photo', 'string'),
  Headers: toTypedData({ prefix: 'p1' }, 'json'),
  qty: toTypedData(5, 'json'),
};

describe('blob paths', () => {
  it('fills names case-insensitively, walks dotted names into JSON, and takes numbers as text', () => {
    assert.deepEqual(resolveBlobPath('box/{name}/{headers.PREFIX}-{qty}.png', data), {
      container: 'box',
      blobName: 'photo/p1-5.png',
    });
  });

  it('formats {rand-guid:N} and {DateTime:yyyy/MM/dd}, and lets binding data win over them', () => {
    const { blobName } = resolveBlobPath('box/{rand-guid:N}/{DateTime:yyyy/MM/dd}', data);
    assert.match(blobName, /^[0-9a-f]{32}\/\d{4}\/\d\d\/\d\d$/);
    const named = { ...data, DateTime: toTypedData('fixed', 'string') };
    assert.equal(resolveBlobPath('box/{DateTime}', named).blobName, 'fixed');
  });

  it('names the missing value, and refuses a path without a blob or with a bad container', () => {
    assert.throws(() => resolveBlobPath('box/{nope}', data), /No value for named parameter 'nope'\./);
    assert.throws(
      () => resolveBlobPath('box/{headers.nope}', data),
      /No value for named parameter 'headers.nope'\./,
    );
    assert.throws(() => resolveBlobPath('box/{headers}', data), /must name a text or number value/);
    assert.throws(() => resolveBlobPath('{name}', data), /must be 'container\/blob'/);
    assert.throws(() => resolveBlobPath('Bad_Container/x', data), /Invalid container name: Bad_Container/);
  });

  it('resolves %settings% once at load and checks a literal container there', () => {
    const settings = new AppSettings({ Box: 'inbox' });
    assert.equal(blobPathTemplate('%Box%/{name}', settings), 'inbox/{name}');
    assert.throws(
      () => blobPathTemplate('%Missing%/x', settings),
      /'%Missing%' does not resolve to a value\./,
    );
    assert.throws(() => blobPathTemplate('UPPER/x', settings), /Invalid container name/);
    assert.throws(() => blobPathTemplate(undefined, settings), /no 'path'/);
  });
});
