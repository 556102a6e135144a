/** One binding of a function, parsed from its JSON (raw_bindings or function.json). */
export interface FunctionBinding {
  readonly name: string;
  readonly type: string;
  readonly direction: 'in' | 'out' | 'inout';
  readonly dataType?: 'string' | 'binary' | 'stream';
  /** Every key of the binding's JSON, for extension-specific settings (route, methods, schedule…). */
  readonly settings: Readonly<Record<string, unknown>>;
}

const DIRECTIONS = ['in', 'out', 'inout'] as const;
const DATA_TYPES = ['string', 'binary', 'stream'] as const;

/**
 * Reads one binding's JSON object.
 *
 * @throws Error with a one-line reason when a required key is missing or has the wrong type.
 */
export function parseBinding(json: unknown): FunctionBinding {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('a binding must be a JSON object');
  }
  const settings = json as Record<string, unknown>;
  const { name, type } = settings;
  const direction = String(settings['direction'] ?? '').toLowerCase();
  const dataType =
    settings['dataType'] === undefined ? undefined : String(settings['dataType']).toLowerCase();
  if (typeof name !== 'string' || name === '') throw new Error('a binding has no name');
  if (typeof type !== 'string' || type === '') throw new Error(`binding '${name}' has no type`);
  if (!isOneOf(direction, DIRECTIONS)) throw new Error(`binding '${name}' has an invalid direction`);
  if (dataType !== undefined && !isOneOf(dataType, DATA_TYPES)) {
    throw new Error(`binding '${name}' has an invalid dataType '${dataType}'`);
  }
  return { name, type, direction, ...(dataType ? { dataType } : {}), settings };
}

function isOneOf<T extends string>(value: string, options: readonly T[]): value is T {
  return (options as readonly string[]).includes(value);
}
