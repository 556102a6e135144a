import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FunctionBinding } from '@functions-rpc/protocol';
import { blobTriggerSourceError } from './blob-trigger-source.js';

const trigger = (settings: Record<string, unknown>, type = 'blobTrigger'): FunctionBinding => ({
  name: 'blob',
  type,
  direction: 'in',
  settings: { path: 'box/{name}', ...settings },
});

describe('blob trigger source', () => {
  it('accepts the container scan, named or by default, in any case', () => {
    assert.equal(blobTriggerSourceError(trigger({})), undefined);
    assert.equal(blobTriggerSourceError(trigger({ source: 'LogsAndContainerScan' })), undefined);
    assert.equal(
      blobTriggerSourceError(trigger({ source: 'logsandcontainerscan' }, 'BlobTrigger')),
      undefined,
    );
  });

  it('refuses Event Grid, which this host never receives, saying what it supports', () => {
    assert.match(
      blobTriggerSourceError(trigger({ source: 'EventGrid' })) ?? '',
      /^The blob trigger's source 'EventGrid' is not supported by this host, which scans containers \(source 'LogsAndContainerScan'/,
    );
  });

  it('ignores other triggers', () => {
    assert.equal(blobTriggerSourceError(trigger({ source: 'EventGrid' }, 'queueTrigger')), undefined);
  });
});
