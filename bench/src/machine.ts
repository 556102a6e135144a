import { cpus, loadavg, totalmem } from 'node:os';

/** The facts printed with every run, so figures from different machines are not compared blindly. */
export interface MachineFacts {
  readonly cores: number;
  readonly cpuModel: string;
  readonly totalMemoryMiB: number;
  readonly node: string;
  readonly platform: string;
  /** The 1-minute load average when the run started: other work on the cores skews every figure. */
  readonly loadAverage: number;
}

/** Reads the facts of the machine this process runs on. */
export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    totalMemoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: Number((loadavg()[0] ?? 0).toFixed(2)),
  };
}

/** The one line printed above the table. */
export function describeMachine(facts: MachineFacts): string {
  const { cores, cpuModel, totalMemoryMiB, node, platform, loadAverage } = facts;
  return `${cores} cores, ${cpuModel}, ${totalMemoryMiB} MiB, Node ${node}, ${platform}, load average ${loadAverage}`;
}
