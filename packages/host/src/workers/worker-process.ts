import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { HostLogger } from '../log/host-logger.js';
import type { LogLevel } from '../log/log-level.js';
import { readBoundedLines } from './bounded-lines.js';
import type { WorkerLaunch } from './launch-command.js';

/** How a worker process ended. */
export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  readonly spawnError?: Error;
  /** The last lines of stderr (three at most), for the failure message. */
  readonly lastStderr: readonly string[];
}

/** Options of {@link WorkerProcess.spawn}. */
export interface WorkerProcessOptions {
  readonly logger: HostLogger;
  readonly workerId: string;
  /** Log category of the worker's system output, e.g. `Worker.node`. */
  readonly category: string;
  readonly useStdErrorStreamForErrorsOnly: boolean;
}

const CONSOLE_LOG_PREFIX = /^LanguageWorkerConsoleLog(\[(\w+)\] ?)?/i;
const TOOLING_PREFIX = 'azfuncjsonlog:';

/** A running worker process: its output routed to the log as BEHAVIOR 3.4 describes, its exit observed. */
export class WorkerProcess {
  /** Resolves once the process is gone (or failed to start). */
  readonly exited: Promise<WorkerExit>;
  readonly #child: ChildProcess;
  readonly #lastStderr: string[] = [];
  #exit: WorkerExit | undefined;

  private constructor(child: ChildProcess, options: WorkerProcessOptions) {
    this.#child = child;
    this.exited = new Promise((resolve) => {
      const finish = (exit: Omit<WorkerExit, 'lastStderr'>): void => {
        this.#exit ??= { ...exit, lastStderr: [...this.#lastStderr] };
        resolve(this.#exit);
      };
      child.once('error', (spawnError) => finish({ code: null, signal: null, spawnError }));
      // 'close' (not 'exit') so the last output lines are read before the exit is reported.
      child.once('close', (code, signal) => finish({ code, signal }));
    });
    if (child.stdout) this.#readLines(child.stdout, (line) => this.#stdout(line, options));
    if (child.stderr) this.#readLines(child.stderr, (line) => this.#stderr(line, options));
  }

  /** Starts the process with the host's arguments appended. */
  static spawn(
    launch: WorkerLaunch,
    hostArgs: readonly string[],
    options: WorkerProcessOptions,
  ): WorkerProcess {
    const child = spawn(launch.command, [...launch.args, ...hostArgs], {
      cwd: launch.cwd,
      env: launch.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: Ctrl+C in a terminal signals the whole foreground group, which would kill
      // the worker before the host could end it gracefully with WorkerTerminate. The host ends it itself.
      detached: process.platform !== 'win32',
    });
    return new WorkerProcess(child, options);
  }

  /** The OS process id (undefined if it never started). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** False once the process has exited. */
  get alive(): boolean {
    return this.#exit === undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Kills the process (SIGKILL unless told otherwise) if it is still running. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.alive) this.#child.kill(signal);
  }

  /** Waits up to `ms` for the process to exit; true if it did. */
  async waitForExit(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const exited = await Promise.race([this.exited.then(() => true), timeout]);
    clearTimeout(timer);
    return exited;
  }

  #readLines(stream: Readable, onLine: (line: string) => void): void {
    readBoundedLines(stream, (line) => {
      if (line.trim() !== '') onLine(line);
    });
  }

  #stdout(line: string, options: WorkerProcessOptions): void {
    const { logger, workerId, category } = options;
    const system = CONSOLE_LOG_PREFIX.exec(line);
    if (system) {
      const tag = system[2]?.toLowerCase();
      const level: LogLevel = tag === 'error' ? 'Error' : tag === 'warn' ? 'Warning' : 'Information';
      logger.log(level, category, line.slice(system[0].length), { workerId });
      return;
    }
    if (line.toLowerCase().startsWith(TOOLING_PREFIX)) {
      logger.log('Information', 'Host.Function.ToolingConsoleLog', line.slice(TOOLING_PREFIX.length), {
        workerId,
      });
      return;
    }
    logger.log('Information', 'Host.Function.Console', line, { workerId });
  }

  #stderr(line: string, options: WorkerProcessOptions): void {
    // Unlike the reference host (error lines only), any stderr line counts: a dying process often says why
    // in words its classification misses ("fatal", a stack frame).
    this.#lastStderr.push(line);
    if (this.#lastStderr.length > 3) this.#lastStderr.shift();
    const level = stderrLevel(line, options.useStdErrorStreamForErrorsOnly);
    options.logger.log(level, options.category, line, { workerId: options.workerId });
  }
}

/** The level of one stderr line, per BEHAVIOR 3.4. */
export function stderrLevel(line: string, errorsOnly: boolean): LogLevel {
  const lower = line.toLowerCase();
  if (lower.includes('warn')) return 'Warning';
  if (errorsOnly) return 'Error';
  return /error|fail|severe|unhandled exception/.test(lower) ? 'Error' : 'Information';
}

/** One line describing how a process ended, with its last error lines. */
export function describeExit(command: string, exit: WorkerExit): string {
  if (exit.spawnError) return `Cannot start worker '${command}': ${exit.spawnError.message}`;
  const how =
    exit.code !== null
      ? `exited with code ${exit.code} (0x${(exit.code >>> 0).toString(16).toUpperCase()})`
      : `was killed by ${exit.signal ?? 'a signal'}`;
  const details = exit.lastStderr.length > 0 ? `: ${exit.lastStderr.join(' | ')}` : '';
  return `Worker process ${how}${details}`;
}
