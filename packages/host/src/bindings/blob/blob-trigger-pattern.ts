import type { FunctionBinding } from '@functions-rpc/protocol';

/** A blob trigger's `path` as the reference host matches it (BINDINGS.md 4.1). */
export interface BlobTriggerPattern {
  readonly container: string;
  /** The `{name}` values of a blob name, or undefined when it does not match. */
  match(blobName: string): Readonly<Record<string, string>> | undefined;
}

/**
 * Parses `container/blobPattern`: a literal container, then literal text and `{name}` tokens, each token
 * matching any text (greedy), the whole name anchored.
 *
 * @throws Error for a token in the container, a dotted or formatted token, or a path without a container.
 */
export function blobTriggerPattern(path: string): BlobTriggerPattern {
  const slash = path.indexOf('/');
  const container = slash < 0 ? path : path.slice(0, slash);
  if (container.includes('{'))
    throw new Error(`Invalid blob trigger path '${path}'. Container paths cannot contain {resolve} tokens.`);
  if (container === '' || slash === path.length - 1)
    throw new Error(
      `Invalid blob trigger path '${path}': it must be 'container' or 'container/blob pattern'.`,
    );
  // A container alone matches every blob in it, with no names.
  const pattern = slash < 0 ? '' : path.slice(slash + 1);
  const names: string[] = [];
  const source = pattern.replace(/\{([^{}]*)\}|[^{}]+/g, (text, name: string | undefined) => {
    if (name === undefined) return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Error(
        `Invalid blob trigger path '${path}': '{${name}}' cannot capture (no dots or formats).`,
      );
    names.push(name);
    return '(.*)';
  });
  const regex = new RegExp(slash < 0 ? '^.*$' : `^${source}$`, 's');
  return {
    container: container.toLowerCase(),
    match: (blobName) => {
      const found = regex.exec(blobName);
      if (!found) return undefined;
      return Object.fromEntries(names.map((name, i) => [name, found[i + 1] ?? '']));
    },
  };
}

/**
 * Why a blob trigger's `path` can never match, or undefined when it is well formed. `%setting%` parts are
 * checked as they are written; the listener checks them again once resolved.
 */
export function blobTriggerPathError(trigger: FunctionBinding): string | undefined {
  const path = trigger.settings['path'];
  if (typeof path !== 'string' || path === '')
    return `The blob trigger '${trigger.name}' has no 'path' ('container' or 'container/blob pattern').`;
  try {
    blobTriggerPattern(path);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
