import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningHost } from '../host.js';
import { startTempApp, type TempAppHost } from '../testing/fixtures.js';
import { continueTrace } from './trace-context.js';

const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('trace context of HTTP invocations', { timeout: 30_000 }, () => {
  let app: TempAppHost;
  let host: RunningHost;
  before(async () => {
    app = await startTempApp('fnrpc-trace-', (dir) =>
      writeFile(
        join(dir, 'hello', 'index.js'),
        'module.exports = async function (context) { context.res = { body: context.traceContext }; };\n',
      ),
    );
    host = app.host;
  });
  after(() => app?.dispose());

  const traceOf = async (
    headers: Record<string, string>,
  ): Promise<{ traceparent: string; tracestate: string }> =>
    (await (await host.fetch('/api/hello', { headers })).json()) as {
      traceparent: string;
      tracestate: string;
    };

  it("continues the caller's W3C trace: its trace id and flags, a span of its own, its tracestate", async () => {
    const seen = await traceOf({
      traceparent: CALLER,
      tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    });
    assert.match(seen.traceparent, /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    assert.notEqual(seen.traceparent, CALLER);
    assert.equal(seen.tracestate, 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
  });

  it('starts a new trace without a valid traceparent, and then ignores tracestate', async () => {
    const fresh = await traceOf({});
    assert.match(fresh.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const invalid = await traceOf({
      traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01',
      tracestate: 'a=b',
    });
    assert.doesNotMatch(invalid.traceparent, /^00-0{32}-/);
    assert.equal(invalid.tracestate, '');
  });
});

describe('continueTrace', () => {
  it('accepts W3C traceparents and refuses malformed ones', () => {
    assert.match(
      continueTrace(CALLER, undefined)?.traceParent ?? '',
      /^00-0af7651916cd43dd8448eb211c80319c-/,
    );
    assert.equal(continueTrace(`${CALLER.replace(/-01$/, '-00')}`, ['a=1', 'b=2'])?.traceState, 'a=1,b=2');
    // A later version may carry more fields; version ff is invalid; 00 has exactly four.
    assert.ok(continueTrace(`01-${CALLER.slice(3)}-more`, undefined));
    assert.equal(continueTrace(`ff-${CALLER.slice(3)}`, undefined), undefined);
    assert.equal(continueTrace(`${CALLER}-more`, undefined), undefined);
    assert.equal(
      continueTrace('00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01', undefined),
      undefined,
    );
    assert.equal(continueTrace('00-XYZ-b7ad6b7169203331-01', undefined), undefined);
    assert.equal(continueTrace(undefined, 'a=b'), undefined);
  });
});
