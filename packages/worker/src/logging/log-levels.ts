import { RpcLog_Level, RpcLog_RpcLogCategory } from '@functions-rpc/protocol';

/**
 * Which logs are worth sending. The host's WorkerInitRequest.log_categories maps a category name to
 * the lowest level it wants: `System` and `User` (case-insensitive) for the two log categories, and
 * `Default` for both. Without an entry, user logs are all sent (the host filters them itself) and system
 * logs start at Information, so no debug chatter costs anything per invocation unless asked for.
 */
export class LogLevels {
  #system = RpcLog_Level.Information;
  #user = RpcLog_Level.Trace;

  /** Applies the host's map; unknown names are ignored. */
  configure(logCategories: Readonly<Record<string, RpcLog_Level>>): void {
    let system = RpcLog_Level.Information;
    let user = RpcLog_Level.Trace;
    for (const [name, level] of Object.entries(logCategories)) {
      const key = name.toLowerCase();
      if (key === 'default') {
        system = level;
        user = level;
      }
    }
    for (const [name, level] of Object.entries(logCategories)) {
      const key = name.toLowerCase();
      if (key === 'system') system = level;
      else if (key === 'user') user = level;
    }
    this.#system = system;
    this.#user = user;
  }

  /** True when a log of this category and level should reach the host. */
  enabled(category: RpcLog_RpcLogCategory, level: RpcLog_Level): boolean {
    if (level === RpcLog_Level.None) return false;
    return level >= (category === RpcLog_RpcLogCategory.System ? this.#system : this.#user);
  }
}
