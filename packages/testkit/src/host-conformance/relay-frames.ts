/**
 * The control channel between the kit and the stand-in worker process a host starts: one JSON object per
 * line over a local socket. The relay forwards the host's EventStream bytes to the kit untouched and writes
 * whatever bytes the kit gives it, so the kit can play a correct worker or a broken one.
 */

/** Relay to kit. */
export type RelayEvent =
  | {
      readonly t: 'hello';
      readonly argv: readonly string[];
      readonly cwd: string;
      readonly env: Readonly<Record<string, string>>;
      readonly pid: number;
    }
  | { readonly t: 'msg'; readonly b64: string }
  | { readonly t: 'status'; readonly code: number; readonly details: string };

/** Kit to relay. */
export type RelayCommand =
  | { readonly t: 'send'; readonly b64: string }
  | { readonly t: 'end' }
  | { readonly t: 'exit'; readonly code: number };

/** Environment variables the relay reports: what a host must set for its worker (BEHAVIOR 3.3). */
export const REPORTED_ENV = [
  'FUNCTIONS_WORKER_DIRECTORY',
  'FUNCTIONS_APPLICATION_DIRECTORY',
  'FUNCTIONS_WORKER_RUNTIME',
  'AzureWebJobsScriptRoot',
] as const;

/** Splits a socket's data into lines and hands each parsed object over. */
export function readFrames<T>(onFrame: (frame: T) => void): (chunk: Buffer) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk.toString('utf8');
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line) onFrame(JSON.parse(line) as T);
      newline = buffered.indexOf('\n');
    }
  };
}

/** One frame as a line. */
export function frameLine(frame: RelayEvent | RelayCommand): string {
  return `${JSON.stringify(frame)}\n`;
}
