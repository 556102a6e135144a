import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);

/** A path inside the repository, from its repository-relative form. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, root));
}

/** The function app every item drives. */
export const HELLO_APP = repoPath('bench/apps/http-hello');

/** Where each run's JSON goes. */
export const RESULTS_DIR = repoPath('bench/results');
