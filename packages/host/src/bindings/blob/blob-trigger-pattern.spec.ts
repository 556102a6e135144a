import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blobTriggerPattern } from './blob-trigger-pattern.js';

describe('blob trigger patterns', () => {
  it('captures each {name}, the earlier one taking as much as it can', () => {
    const pattern = blobTriggerPattern('Uploads/{name}.{ext}');
    assert.equal(pattern.container, 'uploads');
    assert.deepEqual(pattern.match('photo.v1.txt'), { name: 'photo.v1', ext: 'txt' });
    assert.deepEqual(pattern.match('dir/a.b'), { name: 'dir/a', ext: 'b' });
  });

  it('gives no match for a name the pattern does not describe, so the blob is not run', () => {
    const pattern = blobTriggerPattern('samples/{name}.json');
    assert.equal(pattern.match('readme.txt'), undefined);
    assert.equal(pattern.match('nested/readme.json.bak'), undefined);
    assert.equal(blobTriggerPattern('uploads/{name}.{ext}').match('no-extension'), undefined);
  });

  it('takes literal text literally, regular-expression characters included', () => {
    const pattern = blobTriggerPattern('box/a+b(1)/{name}');
    assert.deepEqual(pattern.match('a+b(1)/x'), { name: 'x' });
    assert.equal(pattern.match('aab1/x'), undefined);
  });

  it('matches every blob of a container given alone, with no names', () => {
    assert.deepEqual(blobTriggerPattern('box').match('any/thing.bin'), {});
  });

  it('refuses a token in the container, a dotted or formatted token, and a path without a container', () => {
    assert.throws(() => blobTriggerPattern('{box}/x'), /Container paths cannot contain \{resolve\} tokens/);
    assert.throws(() => blobTriggerPattern('box/{a.b}'), /cannot capture/);
    assert.throws(() => blobTriggerPattern('box/{when:yyyy}'), /cannot capture/);
    assert.throws(() => blobTriggerPattern('/x'), /must be 'container' or 'container\/blob pattern'/);
    assert.throws(() => blobTriggerPattern('box/'), /must be 'container' or 'container\/blob pattern'/);
  });
});
