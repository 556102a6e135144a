/** A problem with the app folder or its configuration; its message is one line meant for the user. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
