import type { HostJson } from '../config/host-json.js';
import { LogFilter } from '../log/log-filter.js';

/** The levels host.json's logging.logLevel lets through; `verbose` lets Debug through everywhere. */
export function hostLogFilter(hostJson: HostJson, verbose: boolean | undefined): LogFilter {
  return new LogFilter(verbose ? { ...hostJson.logLevels, default: 'Debug' } : hostJson.logLevels);
}
