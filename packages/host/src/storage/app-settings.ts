/** App settings as the host's configuration reads them: local.settings.json Values over the environment. */
export type SettingsSource = Readonly<Record<string, string | undefined>>;

/**
 * Configuration lookups the way .NET configuration does them: keys compare case-insensitively and an
 * environment variable `A__b` is the key `A:b`.
 */
export class AppSettings {
  readonly #values = new Map<string, string>();

  /** Later sources win: pass the environment first, then local.settings.json Values. */
  constructor(...sources: readonly SettingsSource[]) {
    for (const source of sources)
      for (const [key, value] of Object.entries(source))
        if (value !== undefined) this.#values.set(normalize(key), value);
  }

  /** The value of `key` (`A:b` or `A__b`), or undefined. */
  get(key: string): string | undefined {
    return this.#values.get(normalize(key));
  }

  /**
   * Whether the host runs in the Development environment (`AZURE_FUNCTIONS_ENVIRONMENT`, which `func start`
   * sets to Development when unset): some defaults are shorter there.
   */
  get development(): boolean {
    return (this.get('AZURE_FUNCTIONS_ENVIRONMENT') ?? 'Development').toLowerCase() === 'development';
  }

  /** Whether any key lies under `section` (`section:...`). */
  hasChildren(section: string): boolean {
    const prefix = `${normalize(section)}:`;
    for (const key of this.#values.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  /**
   * Replaces every `%name%` in `text` with its setting, as the reference host's name resolver does.
   *
   * @throws Error for a setting that is not set, or an unterminated `%`.
   */
  resolve(text: string): string {
    let result = '';
    let rest = text;
    for (let start = rest.indexOf('%'); start >= 0; start = rest.indexOf('%')) {
      const end = rest.indexOf('%', start + 1);
      if (end < 0) throw new Error(`'${text}' has an unterminated '%'.`);
      const name = rest.slice(start + 1, end);
      const value = this.get(name);
      if (value === undefined) throw new Error(`'%${name}%' does not resolve to a value.`);
      result += rest.slice(0, start) + value;
      rest = rest.slice(end + 1);
    }
    return result + rest;
  }
}

function normalize(key: string): string {
  return key.replaceAll('__', ':').toLowerCase();
}
