import { basename, extname, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** How long the files must stay quiet before a restart, as the Functions host debounces. */
export const RESTART_DEBOUNCE_MS = 300;

/** Options of {@link watchApp}. */
export interface AppWatcherOptions {
  /** The worker's file extensions, such as `.js`; files with others are ignored (host.json and function.json aside). */
  readonly extensions: readonly string[];
  /** Called once per burst of changes with the first changed file, relative to the app folder. */
  readonly onChange: (file: string) => void;
  /** Called when the file system refuses the watch (such as too many watched folders). */
  readonly onError: (error: Error) => void;
  readonly debounceMs?: number;
}

/** A running watch. */
export interface AppWatcher {
  /** Resolves once the folder has been scanned: changes from then on are seen. */
  readonly ready: Promise<void>;
  /** Stops watching and drops a pending change. */
  close(): Promise<void>;
}

/** `node_modules` and dot-folders: an `npm install` or a `.git` operation must not restart the host. */
function isIgnored(parts: readonly string[]): boolean {
  return parts.some((part) => part === 'node_modules' || part.startsWith('.'));
}

/**
 * Whether a change to `file` (relative to the app folder) calls for a restart: host.json, any
 * function.json, or a file with one of the worker's extensions, outside `node_modules` and dot-folders.
 */
export function callsForRestart(file: string, extensions: readonly string[]): boolean {
  const parts = file.split(sep);
  if (isIgnored(parts)) return false;
  const name = basename(file);
  if (name === 'function.json') return true;
  if (name === 'host.json') return parts.length === 1;
  return extensions.includes(extname(name).toLowerCase());
}

/** Watches an app folder and reports bursts of changes that call for a restart. */
export function watchApp(appDir: string, options: AppWatcherOptions): AppWatcher {
  const debounceMs = options.debounceMs ?? RESTART_DEBOUNCE_MS;
  let pending: { file: string; timer: NodeJS.Timeout } | undefined;
  const onEvent = (path: string): void => {
    const file = relative(appDir, path);
    if (!callsForRestart(file, options.extensions)) return;
    if (pending) clearTimeout(pending.timer);
    const first = pending?.file ?? file;
    pending = {
      file: first,
      timer: setTimeout(() => {
        pending = undefined;
        options.onChange(first);
      }, debounceMs),
    };
  };
  const watcher: FSWatcher = watch(appDir, {
    ignoreInitial: true,
    // Skipped whole, so a large node_modules is never walked.
    ignored: (path) => isIgnored(relative(appDir, path).split(sep)),
  });
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, onEvent);
  watcher.on('error', (error) => options.onError(error instanceof Error ? error : new Error(String(error))));
  const ready = new Promise<void>((resolve) => watcher.once('ready', resolve));
  return {
    ready,
    close: async () => {
      if (pending) clearTimeout(pending.timer);
      pending = undefined;
      await watcher.close();
    },
  };
}
