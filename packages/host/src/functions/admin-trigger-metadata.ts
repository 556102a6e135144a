import { toTypedData, type TypedData } from '@functions-rpc/protocol';

/** DateTimeOffset.MaxValue as the reference host's JSON writes it: a queue message's unset times. */
const MAX_DATE = '9999-12-31T23:59:59.9999999+00:00';

/**
 * The trigger metadata of a non-HTTP, non-timer function run by hand (admin API, `host.invoke`) with a text
 * input, as the reference host binds such a call: a queue trigger turns the text into a message that was
 * never stored (QueueTrigger, DequeueCount 0, InsertionTime now, ExpirationTime and NextVisibleTime at their
 * maximum, no Id or PopReceipt); then, for any trigger, a JSON-object input adds its top-level properties
 * (text, numbers and booleans as strings, objects as JSON; arrays and nulls left out), which the reference host
 * does for every input given as text.
 */
export function adminTriggerMetadata(triggerType: string, input: string): Record<string, TypedData> {
  const metadata: Record<string, TypedData> = {};
  if (triggerType.toLowerCase() === 'queuetrigger') {
    metadata['QueueTrigger'] = toTypedData(input, 'string');
    metadata['DequeueCount'] = toTypedData(0, 'json');
    metadata['ExpirationTime'] = toTypedData(MAX_DATE, 'json');
    metadata['InsertionTime'] = toTypedData(dotnetNow(), 'json');
    metadata['NextVisibleTime'] = toTypedData(MAX_DATE, 'json');
  }
  for (const [key, value] of Object.entries(jsonObjectProperties(input))) metadata[key] = value;
  return metadata;
}

/** The top-level properties of a JSON-object text as trigger metadata; none for any other text. */
function jsonObjectProperties(text: string): Record<string, TypedData> {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return {};
  }
  const properties: Record<string, TypedData> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value === null || Array.isArray(value)) continue;
    if (typeof value === 'object') properties[key] = toTypedData(value, 'json');
    // As .NET writes a JSON boolean as text: True / False.
    else if (typeof value === 'boolean') properties[key] = toTypedData(value ? 'True' : 'False', 'string');
    else properties[key] = toTypedData(String(value), 'string');
  }
  return properties;
}

/** Now in the reference host's JSON date format (seven fractional digits, +00:00). */
function dotnetNow(): string {
  return new Date().toISOString().replace('Z', '0000+00:00');
}
