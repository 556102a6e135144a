import type { BindingExtension } from './binding-extension.js';
import { queueExtension } from './queue/index.js';

/** The binding extensions of the host (HTTP and timers are built in). */
export const BINDING_EXTENSIONS: readonly BindingExtension[] = [queueExtension];

/** The extension that listens for a trigger type, if any. */
export function triggerExtension(type: string): BindingExtension | undefined {
  const wanted = type.toLowerCase();
  return BINDING_EXTENSIONS.find((extension) => extension.triggerTypes.includes(wanted));
}

/** The extension that writes an output binding type, if any. */
export function outputExtension(type: string): BindingExtension | undefined {
  const wanted = type.toLowerCase();
  return BINDING_EXTENSIONS.find((extension) => extension.outputTypes.includes(wanted));
}

/** Every binding type the registered extensions handle, lower-case: for the host's list of supported bindings. */
export function extensionBindingTypes(): readonly string[] {
  return BINDING_EXTENSIONS.flatMap((extension) => [...extension.triggerTypes, ...extension.outputTypes]);
}
