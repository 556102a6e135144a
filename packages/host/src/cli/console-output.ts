import type { HostFunction, RunningHost } from '../host.js';
import type { LogRecord } from '../log/log-record.js';

/** One log record as the console shows it: time, level, function name (when there is one), message. */
export function formatLogRecord(record: LogRecord): string {
  const fn = record.functionName ? ` [${record.functionName}]` : '';
  const exception = record.exception ? `\n${record.exception}` : '';
  return `[${record.time.toISOString()}] [${record.level}]${fn} ${record.message}${exception}`;
}

/** The start-up banner: every function with its trigger (HTTP: methods and URL), then the keys. */
export function formatStartup(host: RunningHost, elapsedMs: number): string {
  const lines = ['', 'Functions:', ''];
  for (const fn of host.functions) lines.push(`\t${describe(fn)}`, '');
  if (host.functions.length === 0) lines.push('\tNo functions found.', '');
  lines.push(
    `Keys (kept in ${host.keys.file}, which git ignores):`,
    `\tmaster:           ${host.keys.master}`,
    `\tdefault function: ${host.keys.function}`,
    '',
    host.enableAuth
      ? "Keys are required as each function's authLevel and the admin API ask (--enable-auth)."
      : 'Authorization is off, as with func start: every function and the admin API answer without a key (--enable-auth to require keys).',
    '',
    `Host listening on ${host.url} (started in ${Math.round(elapsedMs)} ms). Press Ctrl+C to stop.`,
  );
  return lines.join('\n');
}

function describe(fn: HostFunction): string {
  if (fn.error !== undefined) return `${fn.name}: ${fn.trigger} (in error: ${fn.error})`;
  const disabled = fn.disabled ? ' (disabled)' : '';
  if (!fn.url) return `${fn.name}: ${fn.trigger}${disabled}`;
  const methods = fn.methods && fn.methods.length > 0 ? fn.methods.join(',') : 'ANY';
  return `${fn.name}: [${methods}] ${fn.url}${disabled}`;
}
