// Fails when `npm run generate` would change the committed generated code.
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const generated = 'packages/protocol/src/gen';
execFileSync('npm', ['run', 'generate'], { cwd: root, stdio: 'inherit' });
const changes = execFileSync('git', ['status', '--porcelain', '--', generated], {
  cwd: root,
  encoding: 'utf8',
});
if (changes.trim()) {
  console.error(
    `Regenerating changed ${generated}; run \`npm run generate\` and commit the result:\n${changes}`,
  );
  process.exit(1);
}
console.log(`${generated} is up to date with the .proto files.`);
