import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeHostConformance } from '@functions-rpc/testkit';
import { startAzurite } from './storage/azurite.js';

// The kit's host suite on `fnrpc start`, with a private in-memory Azurite as the app's storage so that the
// queue scenario applies too.
const azurite = await startAzurite();
after(() => azurite.stop());

/** The bundled `fnrpc` command. */
const FNRPC = fileURLToPath(new URL('../bundle/cli.js', import.meta.url));

describeHostConformance('our host (fnrpc start)', {
  command: [
    process.execPath,
    FNRPC,
    'start',
    '{appDir}',
    '--worker-dir',
    '{workerDir}',
    '--port',
    '{port}',
    '--no-watch',
  ],
  storage: azurite.connectionString,
});
