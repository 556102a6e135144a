import assert from 'node:assert/strict';
import { access, chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KeyStore, presentedKey, SECRETS_FILE_NAME, STATE_FOLDER, satisfies } from './key-store.js';

function request(url: string, headers: Record<string, string> = {}): IncomingMessage {
  return { url, headers, rawHeaders: Object.entries(headers).flat() } as unknown as IncomingMessage;
}

describe('KeyStore', () => {
  let appDir: string;
  before(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'fnrpc-keys-'));
  });
  after(async () => {
    await rm(appDir, { recursive: true, force: true });
  });

  it('creates url-safe keys in a 0600 secrets file and reuses them on the next start', async () => {
    const first = await KeyStore.open(appDir);
    assert.match(first.masterKey, /^[A-Za-z0-9_-]{40,}$/);
    assert.match(first.functionKey, /^[A-Za-z0-9_-]{40,}$/);
    assert.notEqual(first.masterKey, first.functionKey);
    const path = join(appDir, STATE_FOLDER, SECRETS_FILE_NAME);
    assert.equal(first.file, path);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const stored = JSON.parse(await readFile(path, 'utf8')) as { masterKey: { name: string; value: string } };
    assert.deepEqual(stored.masterKey, { name: 'master', value: first.masterKey, encrypted: false });
    const second = await KeyStore.open(appDir);
    assert.equal(second.masterKey, first.masterKey);
    assert.equal(second.functionKey, first.functionKey);
  });

  it('keeps the secrets in a private .fnrpc folder whose .gitignore ignores everything in it', async () => {
    const folder = join(appDir, STATE_FOLDER);
    assert.equal((await stat(folder)).mode & 0o777, 0o700);
    const ignore = (await readFile(join(folder, '.gitignore'), 'utf8')).split('\n');
    assert.ok(ignore.includes('*'), ignore.join('\n'));
  });

  it('moves a secrets file from where earlier versions kept it, keeping its keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fnrpc-keys-old-'));
    try {
      const secrets = {
        masterKey: { name: 'master', value: 'old-master', encrypted: false },
        functionKeys: [{ name: 'default', value: 'old-function', encrypted: false }],
      };
      await writeFile(join(dir, '.fnrpc-secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
      const keys = await KeyStore.open(dir);
      assert.deepEqual([keys.masterKey, keys.functionKey], ['old-master', 'old-function']);
      await assert.rejects(access(join(dir, '.fnrpc-secrets.json')), /ENOENT/);
      assert.equal(keys.file, join(dir, STATE_FOLDER, SECRETS_FILE_NAME));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tightens a secrets file that became readable by others', async () => {
    const path = join(appDir, STATE_FOLDER, SECRETS_FILE_NAME);
    await chmod(path, 0o644);
    await KeyStore.open(appDir);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('identifies master and function keys from the header first, then the code query', async () => {
    const keys = await KeyStore.open(appDir);
    assert.deepEqual(keys.identify(keys.masterKey), { level: 'admin', keyName: 'master' });
    assert.deepEqual(keys.identify(keys.functionKey), { level: 'function', keyName: 'default' });
    assert.equal(keys.identify('wrong'), undefined);
    assert.equal(keys.identify(''), undefined);
    assert.equal(keys.authorize(request(`/x?code=${keys.masterKey}`), 'admin'), true);
    assert.equal(keys.authorize(request(`/x?code=${keys.functionKey}`), 'admin'), false);
    assert.equal(keys.authorize(request(`/x?code=${keys.functionKey}`), 'function'), true);
    assert.equal(
      keys.authorize(request(`/x?code=${keys.masterKey}`, { 'x-functions-key': 'bad' }), 'function'),
      false,
    );
    assert.equal(keys.authorize(request('/x'), 'function'), false);
    assert.equal(keys.authorize(request('/x'), 'anonymous'), true);
  });

  it('reads the key by one rule: first x-functions-key header (even empty), else the first code value in any case', () => {
    const key = (url: string, rawHeaders: string[] = []): string | undefined =>
      presentedKey({ url, rawHeaders });
    assert.equal(key('/x?code=a&code=b'), 'a');
    assert.equal(key('/x?CODE=a&Code=b'), 'a');
    assert.equal(key('/x?code=a%2Bb+c'), 'a+b c');
    assert.equal(key('/x?code=q', ['X-Functions-Key', 'h1', 'x-functions-key', 'h2']), 'h1');
    assert.equal(key('/x?code=q', ['x-functions-key', '']), '');
    assert.equal(key('/x?other=1'), undefined);
  });

  it('maps identities onto levels: master satisfies all, function keys only function', () => {
    assert.equal(satisfies({ level: 'admin', keyName: 'master' }, 'admin'), true);
    assert.equal(satisfies({ level: 'admin', keyName: 'master' }, 'function'), true);
    assert.equal(satisfies({ level: 'function', keyName: 'default' }, 'admin'), false);
    assert.equal(satisfies(undefined, 'function'), false);
  });

  it('refuses a broken secrets file instead of overwriting it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fnrpc-keys-bad-'));
    try {
      await mkdir(join(dir, STATE_FOLDER));
      await writeFile(join(dir, STATE_FOLDER, SECRETS_FILE_NAME), '{"masterKey": 3}', { mode: 0o600 });
      await assert.rejects(KeyStore.open(dir), /needs "masterKey"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
