import { readdir, readFile } from 'node:fs/promises';
import { readProcFile } from './proc-file.js';

/** Resident memory of one process, in MiB: now and the peak so far. */
export interface MemorySample {
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

/** Reads VmRSS and VmHWM of a process we started; undefined once it is gone or where /proc is missing. */
export async function sampleMemory(pid: number | undefined): Promise<MemorySample | undefined> {
  const status = await readProcFile(pid, 'status');
  if (status === undefined) return undefined;
  const rss = kibibytes(status, 'VmRSS');
  const peak = kibibytes(status, 'VmHWM');
  if (rss === undefined || peak === undefined) return undefined;
  return { rssMiB: rss / 1024, peakRssMiB: peak / 1024 };
}

/** The direct children of a process (the host's worker, for instance), from /proc. */
export async function childPids(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(' ').filter(Boolean).map(Number);
  } catch {
    return childPidsByScan(pid);
  }
}

/** Kernels without the `children` file: the parent pid is field 4 of /proc/<pid>/stat. */
async function childPidsByScan(parent: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === parent) children.push(Number(entry));
  }
  return children;
}

function kibibytes(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : undefined;
}
