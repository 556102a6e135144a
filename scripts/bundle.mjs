// Bundles the two programs a user starts, after `tsc -b` has compiled them: Node then loads one module
// instead of a few hundred files, which takes roughly a third off the worker's time from launch to
// WorkerInitResponse and about 80 ms off `fnrpc start`, and a few MiB off their idle RSS.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

// grpc-js require()s @grpc/proto-loader (and with it protobufjs) only inside the functions that serve
// channelz and ORCA, which neither program uses: left in node_modules, it takes some 300 KiB of code out of
// what each process reads, compiles and keeps at start-up.
const NEVER_LOADED = ['@grpc/proto-loader'];

const TARGETS = [
  // The file packages/worker/worker.config.json names; at the same depth as dist/src/main.js, because the
  // worker reads its version from ../../package.json.
  { packageDir: 'packages/worker', entry: 'dist/src/main.js', outfile: 'dist/bundle/main.js' },
  // The CLI that the `fnrpc` command (packages/host/bin/fnrpc.mjs) loads.
  // The storage SDKs stay outside: loaded from node_modules only by apps that use storage.
  {
    packageDir: 'packages/host',
    entry: 'dist/src/cli/main.js',
    outfile: 'dist/bundle/cli.js',
    external: ['@azure/storage-queue', '@azure/storage-blob', '@azure/data-tables'],
  },
];

await Promise.all(
  TARGETS.map(({ packageDir, entry, outfile, external = [] }) =>
    build({
      absWorkingDir: fileURLToPath(new URL(`../${packageDir}/`, import.meta.url)),
      entryPoints: [entry],
      outfile,
      bundle: true,
      external: [...NEVER_LOADED, ...external],
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      // Both processes compile their whole bundle before running a line of it, and start-up waits for
      // both: a third less source is that much less to read, decode and compile. Identifiers are kept,
      // so stack traces and `constructor.name` read as in the sources.
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: 'warning',
      // ES modules first where a package offers both: jsonc-parser's `main` is a UMD build whose require()
      // calls inside its factory a bundler cannot follow.
      mainFields: ['module', 'main'],
      // grpc-js and other CommonJS dependencies call require() for Node's built-in modules.
      banner: {
        js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
      },
    }),
  ),
);
