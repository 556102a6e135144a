import { TimerScheduleError } from './timer-schedule.js';

const settingReference = /%([^%\s]+)%/g;

/**
 * Replaces every `%Name%` in `expression` with the value of the app setting (environment variable) `Name`,
 * the way the reference host's name resolver treats binding expressions. A missing or empty setting is an error:
 * silently keeping `%Name%` would only fail later with a confusing parse error.
 */
export function resolveAppSettings(
  expression: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return expression.replace(settingReference, (_match, name: string) => {
    const value = env[name];
    if (value === undefined || value.trim() === '') {
      throw new TimerScheduleError(
        `Schedule '${expression}' refers to app setting '${name}', which is not set.`,
      );
    }
    return value.trim();
  });
}
