import type { AppSettings } from '../../storage/app-settings.js';
import type { BindingData } from '../binding-data.js';
import { fillBindingExpressions } from '../binding-expression.js';

/** A blob a binding reads or writes. */
export interface BlobPath {
  readonly container: string;
  readonly blobName: string;
}

const CONTAINER = /^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

/**
 * A blob binding's `path` with `%setting%` resolved, checked once at load: its `{expressions}` are filled per
 * invocation by {@link resolveBlobPath}.
 *
 * @throws Error for a missing path, an unknown setting, or a container that can never be valid.
 */
export function blobPathTemplate(path: unknown, settings: AppSettings): string {
  if (typeof path !== 'string' || path.trim() === '') throw new Error("The binding has no 'path'.");
  const resolved = settings.resolve(path);
  if (/^[a-z]+:\/\//i.test(resolved))
    throw new Error(`Blob path '${resolved}': absolute blob URLs are not supported by this host.`);
  const slash = resolved.indexOf('/');
  const container = slash < 0 ? resolved : resolved.slice(0, slash);
  if (!container.includes('{')) validContainer(container);
  return resolved;
}

/**
 * The blob a path template names for one invocation (BINDINGS.md 5.1): each `{expression}` from the binding
 * data, else `{rand-guid}` (a new GUID) or `{DateTime}` (now, UTC); a format after `:` is applied to those two.
 *
 * @throws Error `No value for named parameter 'x'.` for an unknown name, or for a path that is not
 *   `container/blob` with a valid container name.
 */
export function resolveBlobPath(template: string, data: BindingData): BlobPath {
  const path = fillBindingExpressions(template, data);
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1)
    throw new Error(`Invalid blob path '${path}': it must be 'container/blob'.`);
  const container = validContainer(path.slice(0, slash));
  const blobName = path.slice(slash + 1);
  if (blobName.length > 1024)
    throw new Error(`Invalid blob name '${blobName}': longer than 1024 characters.`);
  return { container, blobName };
}

function validContainer(container: string): string {
  if (container.length < 3 || container.length > 63 || !CONTAINER.test(container))
    throw new Error(
      `Invalid container name: ${container}. A container name must be 3-63 lower-case letters, digits and single dashes, starting and ending with a letter or digit.`,
    );
  return container;
}
