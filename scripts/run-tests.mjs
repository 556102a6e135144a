// Runs every compiled `*.spec.js` of the workspace with node's test runner (Node 20's `--test` does not
// expand globs itself). Arguments narrow the run to files whose path contains one of them.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function* specs(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* specs(path);
    else if (entry.endsWith('.spec.js')) yield path;
  }
}

const files = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name, 'dist'))
  .filter((dist) => statSync(dist, { throwIfNoEntry: false })?.isDirectory())
  .flatMap((dist) => [...specs(dist)])
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error('No test files found; run `npm run build` first.');
  process.exit(1);
}

const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
