import type { FunctionBinding } from '@functions-rpc/protocol';

/**
 * Why a blob trigger cannot run here because of its `source` (BINDINGS.md 4.2), or undefined when it can:
 * this host scans containers (`LogsAndContainerScan`, the default) and has no Event Grid webhook, so an
 * `EventGrid` trigger would never fire. Compared case-insensitively, as .NET parses the enum.
 */
export function blobTriggerSourceError(trigger: FunctionBinding): string | undefined {
  if (trigger.type.toLowerCase() !== 'blobtrigger') return undefined;
  const source = trigger.settings['source'];
  if (source === undefined || source === null) return undefined;
  if (String(source).toLowerCase() === 'logsandcontainerscan') return undefined;
  return `The blob trigger's source '${String(source)}' is not supported by this host, which scans containers (source 'LogsAndContainerScan', the default) and receives no Event Grid events, so the function would never be triggered.`;
}
