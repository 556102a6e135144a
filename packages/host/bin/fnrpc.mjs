#!/usr/bin/env node
// The `fnrpc` command. The CLI itself is one bundle made by the build (dist/bundle/cli.js); this file is
// committed so that npm links the command at install time, before anything is built, and says what to
// do when the bundle is missing instead of failing with a module-not-found stack.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/bundle/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(
    `fnrpc: the host is not built: ${fileURLToPath(cli)} is missing. ` +
      'In a clone of functions-rpc, run `npm run build` at its root first.\n',
  );
  process.exit(1);
}
await import(cli.href);
