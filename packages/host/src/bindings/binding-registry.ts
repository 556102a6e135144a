import type { BindingExtension } from './binding-extension.js';
import { blobExtension } from './blob/index.js';
import { queueExtension } from './queue/index.js';
import { tableExtension } from './table/index.js';

/** The binding extensions of the host (HTTP and timers are built in). */
export const BINDING_EXTENSIONS: readonly BindingExtension[] = [
  queueExtension,
  blobExtension,
  tableExtension,
];

/** The extension that listens for a trigger type, if any. */
export function triggerExtension(type: string): BindingExtension | undefined {
  return BINDING_EXTENSIONS.find((extension) => includesType(extension.triggerTypes, type));
}

/** The extension that writes an output binding type, if any. */
export function outputExtension(type: string): BindingExtension | undefined {
  return BINDING_EXTENSIONS.find((extension) => includesType(extension.outputTypes, type));
}

/** The extension that reads an input binding type, if any. */
export function inputExtension(type: string): BindingExtension | undefined {
  return BINDING_EXTENSIONS.find((extension) => includesType(extension.inputTypes ?? [], type));
}

/** Every binding type the registered extensions handle, as they spell it: part of the host's supported bindings. */
export function extensionBindingTypes(): readonly string[] {
  const types = BINDING_EXTENSIONS.flatMap((extension) => [
    ...extension.triggerTypes,
    ...extension.outputTypes,
    ...(extension.inputTypes ?? []),
  ]);
  // `blob` and `table` are both input and output types.
  return [...new Set(types)];
}

/** Binding types compare case-insensitively, as in the reference host. */
function includesType(types: readonly string[], type: string): boolean {
  const wanted = type.toLowerCase();
  return types.some((candidate) => candidate.toLowerCase() === wanted);
}
