import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppSettings } from './app-settings.js';
import { resolveConnection, isDevelopmentStorage, StorageConnectionError } from './connection.js';
import { hostIdOf, stableHash } from './host-id.js';
import { StorageAccounts } from './storage-accounts.js';

const NO_DEV = { connectionString: () => Promise.reject(new Error('no development storage here')) };

describe('connection settings', () => {
  it('takes AzureWebJobsStorage for an empty connection, from Values over the environment', () => {
    const settings = new AppSettings(
      { AzureWebJobsStorage: 'env' },
      { AzureWebJobsStorage: 'UseDevelopmentStorage=true' },
    );
    const connection = resolveConnection(undefined, settings);
    assert.equal(connection.kind, 'connection-string');
    assert.ok(isDevelopmentStorage(connection));
  });

  it('looks up AzureWebJobs<name> before <name>, and ConnectionStrings:<n> before <n>', () => {
    const settings = new AppSettings({
      MyStorage: 'plain',
      AzureWebJobsMyStorage: 'prefixed',
      ConnectionStrings__Other: 'from-connection-strings',
      Other: 'root',
    });
    assert.deepEqual(resolveConnection('MyStorage', settings), {
      kind: 'connection-string',
      setting: 'AzureWebJobsMyStorage',
      connectionString: 'prefixed',
    });
    assert.equal(resolveConnection('Other', settings).setting, 'ConnectionStrings:Other');
  });

  it('expands %setting% in the connection name', () => {
    const settings = new AppSettings({ Which: 'Shared', Shared: 'x=y' });
    assert.equal(resolveConnection('%Which%', settings).setting, 'Shared');
  });

  it('reads the identity-based form <name>__queueServiceUri, and fails clearly when it is used', async () => {
    const settings = new AppSettings({ Remote__queueServiceUri: 'https://acct.queue.core.windows.net' });
    const connection = resolveConnection('Remote', settings);
    assert.equal(connection.kind, 'identity');
    assert.equal(
      connection.kind === 'identity' && connection.serviceUri('queue'),
      'https://acct.queue.core.windows.net',
    );
    const accounts = new StorageAccounts(settings, NO_DEV);
    await assert.rejects(
      accounts.queueService('Remote'),
      /identity-based \(https:\/\/acct\.queue.*needs an Azure credential/,
    );
  });

  it('names the missing setting as the reference host does', () => {
    assert.throws(
      () => resolveConnection('Nope', new AppSettings({})),
      (error: Error) =>
        error instanceof StorageConnectionError &&
        error.message ===
          "Storage account connection string 'AzureWebJobsNope' does not exist. Make sure that it is a defined App Setting.",
    );
  });

  it('resolves a binding without a connection to AzureWebJobsStorage, then Storage, and names the first when missing', () => {
    const found = resolveConnection(
      undefined,
      new AppSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }),
    );
    assert.equal(found.setting, 'AzureWebJobsStorage');
    const fallback = resolveConnection('', new AppSettings({ Storage: 'UseDevelopmentStorage=true' }));
    assert.equal(fallback.setting, 'Storage');
    assert.throws(
      () => resolveConnection(undefined, new AppSettings({})),
      (error: Error) =>
        error instanceof StorageConnectionError &&
        error.message ===
          "Storage account connection string 'AzureWebJobsStorage' does not exist. Make sure that it is a defined App Setting.",
    );
  });

  it('rejects an unknown %setting%', () => {
    assert.throws(
      () => new AppSettings({}).resolve('%missing%-queue'),
      /'%missing%' does not resolve to a value/,
    );
  });

  it('makes clients from a connection string with the SDK', async () => {
    const settings = new AppSettings({
      AzureWebJobsStorage:
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;BlobEndpoint=http://127.0.0.1:2/devstoreaccount1;',
    });
    const accounts = new StorageAccounts(settings, NO_DEV);
    assert.equal((await accounts.queueService(undefined)).url, 'http://127.0.0.1:1/devstoreaccount1');
    assert.equal((await accounts.blobService('')).url, 'http://127.0.0.1:2/devstoreaccount1');
  });
});

describe('host id', () => {
  it('hashes as the reference host does (its test vector)', () => {
    assert.equal(Math.abs(stableHash('c:\\testing\\FUNCTIONS-TEST\\test$#')), 473716271);
  });

  it('is the configured id, else the site name, else machine name and app path hash', () => {
    assert.equal(hostIdOf(new AppSettings({ AzureFunctionsWebHost__hostid: 'My-Id' }), '/app'), 'My-Id');
    assert.equal(
      hostIdOf(new AppSettings({ WEBSITE_SITE_NAME: 'Site', WEBSITE_SLOT_NAME: 'staging' }), '/a'),
      'site-staging',
    );
    const local = hostIdOf(new AppSettings({}), '/some/app', 'My_Machine.local');
    assert.equal(local, `mymachinelocal-${Math.abs(stableHash('/some/app'))}`);
    assert.ok(hostIdOf(new AppSettings({}), '/x', 'a'.repeat(40)).length <= 32);
  });
});
