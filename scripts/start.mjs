// `npm start`: runs the example app on the built host (`npm run build` first). The CLI runs in this
// process, so Ctrl+C reaches it exactly once.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../packages/host/dist/bundle/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('The host is not built; run `npm run build` first (`npm start` does).');
  process.exit(1);
}
process.chdir(fileURLToPath(new URL('..', import.meta.url)));
process.argv = [process.argv[0], cli, 'start', 'examples/hello', ...process.argv.slice(2)];
await import(cli);
