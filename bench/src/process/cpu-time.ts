import { readProcFile } from './proc-file.js';

/**
 * /proc counts CPU time in clock ticks of 1/100 s (USER_HZ, the same on every Linux architecture Node.js
 * runs on).
 */
const MICROS_PER_TICK = 10_000;

/**
 * User plus system CPU time a process has used so far, in µs, helper threads (V8's garbage collector,
 * libuv) included; undefined once it is gone or where /proc is missing.
 */
export async function cpuMicros(pid: number | undefined): Promise<number | undefined> {
  const stat = await readProcFile(pid, 'stat');
  if (stat === undefined) return undefined;
  // After the command name in parentheses: state, then 10 fields, then utime and stime.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(system) ? (user + system) * MICROS_PER_TICK : undefined;
}

/** The CPU time of several processes together; undefined if any cannot be read. */
export async function totalCpuMicros(pids: readonly number[]): Promise<number | undefined> {
  const times = await Promise.all(pids.map((pid) => cpuMicros(pid)));
  return times.every((time) => time !== undefined)
    ? times.reduce<number>((sum, time) => sum + (time ?? 0), 0)
    : undefined;
}

/** This process's CPU time so far, in µs (the benchmark's drivers and load generator run in it). */
export function ownCpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
