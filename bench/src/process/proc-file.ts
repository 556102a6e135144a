import { readFile } from 'node:fs/promises';

/** `/proc/<pid>/<file>` of a process we started; undefined once it is gone or where /proc is missing. */
export async function readProcFile(pid: number | undefined, file: string): Promise<string | undefined> {
  if (pid === undefined) return undefined;
  try {
    return await readFile(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
