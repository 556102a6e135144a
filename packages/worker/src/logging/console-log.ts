import { format } from 'node:util';

/** The prefix that makes the host treat a stdout line as a system log of the worker. */
export const CONSOLE_LOG_PREFIX = 'LanguageWorkerConsoleLog';

// Bound now, before user code or the console capture can replace the console methods.
const stdout = process.stdout.write.bind(process.stdout);
const stderr = process.stderr.write.bind(process.stderr);

/** A system line on stdout, for when the gRPC stream is not (or no longer) there. */
export function consoleLog(...args: unknown[]): void {
  stdout(`${CONSOLE_LOG_PREFIX}${oneLine(format(...args))}\n`);
}

/** A system warning on stdout. */
export function consoleWarn(...args: unknown[]): void {
  stdout(`${CONSOLE_LOG_PREFIX}[warn] ${oneLine(format(...args))}\n`);
}

/** A system error on stderr (the host keeps the last stderr lines for its exit report). */
export function consoleError(...args: unknown[]): void {
  stderr(`${CONSOLE_LOG_PREFIX}[error] ${oneLine(format(...args))}\n`);
}

/** The host reads stdout line by line, so a multi-line message would lose its prefix after line one. */
function oneLine(text: string): string {
  return text.replace(/\r\n|\n|\r/g, ' ');
}
