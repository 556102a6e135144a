import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** A .NET isolated app built into its output folder, the folder a host serves (`fnrpc start <outputDir>`). */
export interface DotnetAppBuild {
  /** The build output: the app's dll, worker.config.json, host.json, local.settings.json. */
  readonly outputDir: string;
  /** False when an earlier build of the same sources was reused. */
  readonly built: boolean;
  /** How long the build took (0 when reused). */
  readonly ms: number;
}

/** Options of {@link buildDotnetApp}. */
export interface DotnetAppBuildOptions {
  /** Where builds are kept, one folder per project and source hash; default `<projectDir>/../.build`. */
  readonly cacheDir?: string;
  /** Folders of sources besides the project's own (e.g. files it compiles from a shared folder). */
  readonly sharedSources?: readonly string[];
  /** Receives the build's progress lines (the cache decision, the command and its output on failure). */
  readonly log?: (line: string) => void;
}

/** This repository's .NET isolated interop apps: one project folder each, and `Shared` sources they compile. */
export const INTEROP_DOTNET_DIR = fileURLToPath(
  new URL('../../../../interop/dotnet-isolated', import.meta.url),
);

/** The interop apps: `HttpApp` (HttpRequestData over RpcHttp) and `AspNetApp` (ASP.NET Core integration). */
export type InteropDotnetApp = 'HttpApp' | 'AspNetApp';

const COMPLETE_MARKER = '.fnrpc-build-complete';
/** Build products and editor state; everything else in the project folder is a source. */
const IGNORED = new Set(['bin', 'obj', '.vs', '.build']);
const execFileAsync = promisify(execFile);

/**
 * Why .NET apps cannot be built here, or undefined when they can: `dotnet` must be on PATH and answer
 * `dotnet --version`.
 */
export async function dotnetUnavailable(): Promise<string | undefined> {
  try {
    await dotnetVersion();
    return undefined;
  } catch (error) {
    return `dotnet is not on PATH (${(error as Error).message.split('\n')[0]})`;
  }
}

/**
 * Builds a .NET isolated project with `dotnet build -c Release -o <out>`, once per content: the output
 * folder is named after a hash of the project's sources and the SDK version, so an unchanged project is
 * reused and any change builds afresh. Builds of older contents are removed after a new one succeeds.
 *
 * @throws Error with the build's output when `dotnet build` fails.
 */
export async function buildDotnetApp(
  projectDir: string,
  options: DotnetAppBuildOptions = {},
): Promise<DotnetAppBuild> {
  const log = options.log ?? (() => {});
  const name = basename(projectDir);
  const cacheDir = options.cacheDir ?? join(dirname(projectDir), '.build');
  const sources = [projectDir, ...(options.sharedSources ?? [])];
  const hash = await sourceHash(sources, dirname(projectDir), await dotnetVersion());
  const outputDir = join(cacheDir, `${name}-${hash}`);
  if (await exists(join(outputDir, COMPLETE_MARKER))) {
    log(`${name}: reusing the build of these sources in ${outputDir}`);
    return { outputDir, built: false, ms: 0 };
  }
  await rm(outputDir, { recursive: true, force: true });
  const args = ['build', projectDir, '-c', 'Release', '-o', outputDir, '--nologo', '-v', 'q'];
  log(`${name}: dotnet ${args.join(' ')}`);
  const started = performance.now();
  await runDotnet(args);
  const ms = Math.round(performance.now() - started);
  await writeFile(join(outputDir, COMPLETE_MARKER), `${hash}\n`);
  await removeOlderBuilds(cacheDir, name, outputDir);
  log(`${name}: built in ${ms} ms`);
  return { outputDir, built: true, ms };
}

/** Builds one of this repository's interop apps (or reuses its build) with {@link buildDotnetApp}. */
export function buildInteropApp(
  app: InteropDotnetApp,
  log?: DotnetAppBuildOptions['log'],
): Promise<DotnetAppBuild> {
  return buildDotnetApp(join(INTEROP_DOTNET_DIR, app), {
    sharedSources: [join(INTEROP_DOTNET_DIR, 'Shared')],
    ...(log ? { log } : {}),
  });
}

async function dotnetVersion(): Promise<string> {
  const { stdout } = await execFileAsync('dotnet', ['--version'], { timeout: 60_000 });
  return stdout.trim();
}

/** The first 16 hex digits of a SHA-256 over the SDK version and every source file's path and bytes. */
async function sourceHash(dirs: readonly string[], root: string, sdkVersion: string): Promise<string> {
  const hash = createHash('sha256').update(`sdk ${sdkVersion}\n`);
  for (const dir of dirs) {
    for (const file of await sourceFiles(dir)) {
      hash.update(`${relative(root, file)}\n`);
      hash.update(await readFile(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (IGNORED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Runs `dotnet` with output collected; a failure carries the last lines of it. */
function runDotnet(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('dotnet', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) return resolve();
      const tail = output.join('').trim().split('\n').slice(-30).join('\n');
      reject(new Error(`dotnet ${args.join(' ')} exited with code ${code}:\n${tail}`));
    });
  });
}

async function removeOlderBuilds(cacheDir: string, name: string, keep: string): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  for (const entry of await readdir(cacheDir)) {
    const path = join(cacheDir, entry);
    if (entry.startsWith(`${name}-`) && path !== keep) await rm(path, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
