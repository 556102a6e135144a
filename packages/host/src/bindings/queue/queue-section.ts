/** host.json `extensions.queues` (keys compared case-insensitively, as .NET configuration does). */
export function queueSection(extensions: Readonly<Record<string, unknown>>): unknown {
  return Object.entries(extensions).find(([key]) => key.toLowerCase() === 'queues')?.[1];
}
