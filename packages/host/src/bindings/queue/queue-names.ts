import type { AppSettings } from '../../storage/app-settings.js';

const VALID = /^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

/**
 * A binding's `queueName` as the reference host uses it (BINDINGS.md 2.7): `%setting%` resolved, lower-cased,
 * validated.
 *
 * @throws Error for an unknown setting, a `{expression}` (not supported yet) or an invalid name.
 */
export function resolveQueueName(queueName: unknown, settings: AppSettings): string {
  if (typeof queueName !== 'string' || queueName.trim() === '')
    throw new Error("The binding has no 'queueName'.");
  const name = settings.resolve(queueName).toLowerCase();
  if (name.includes('{'))
    throw new Error(
      `Queue name '${queueName}': {expressions} in queue names are not supported by this host yet.`,
    );
  if (name.length < 3 || name.length > 63 || !VALID.test(name))
    throw new Error(
      `Invalid queue name: ${name}. A queue name must be 3-63 lower-case letters, digits and single dashes, starting and ending with a letter or digit.`,
    );
  return name;
}

/** The poison queue of a queue, as the reference host names it; none for a poison queue or a name too long. */
export function poisonQueueName(queueName: string): string | undefined {
  if (queueName.endsWith('-poison')) return undefined;
  const poison = `${queueName}-poison`;
  return poison.length <= 63 ? poison : undefined;
}
