import { spawn, type ChildProcess } from 'node:child_process';

/** How to start a process. */
export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

const OUTPUT_LIMIT = 16_384;

/**
 * A process the benchmark started: its output tail for error messages, its exit, and a stop that
 * ends exactly this process by its PID.
 */
export class Spawned {
  readonly child: ChildProcess;
  readonly exited: Promise<number | string>;
  readonly startedAt: number;
  #output = '';

  constructor(launch: Launch) {
    this.startedAt = performance.now();
    this.child = spawn(launch.command, [...launch.args], {
      cwd: launch.cwd,
      env: { ...process.env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
      this.child.on('error', (error) => {
        this.#output += `\n${error.message}`;
        resolve('spawn error');
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines the process wrote, for error messages. */
  get output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if the process outlives the grace period; resolves once it is gone. */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.running || this.pid === undefined) return;
    process.kill(this.pid, 'SIGTERM');
    const timer = setTimeout(() => this.running && this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
