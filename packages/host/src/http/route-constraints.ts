/**
 * Inline route constraints of ASP.NET Core route templates (`{id:int}`, `{name:length(3,8)}`, ...), each
 * compiled once into a predicate over the decoded segment value. Parsing follows the invariant culture.
 */

/** A compiled constraint: true when the route value satisfies it. */
export type RouteConstraint = (value: string) => boolean;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT_MAX = 3.4028234663852886e38;
// 2^96 - 1, the largest System.Decimal, rounded to a double.
const DECIMAL_MAX = 7.922816251426434e28;

const INTEGER = /^\s*[+-]?\d+\s*$/;
const DECIMAL_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*$/;
const REAL_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const GUID_FORMATS = [
  /^[0-9a-f]{32}$/i,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i,
  /^\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$/i,
];
const ALPHA = /^[a-z]*$/i;

/** Parses a 64-bit integer the way `long.TryParse` does; undefined when it is not one. */
function parseInt64(value: string): bigint | undefined {
  if (!INTEGER.test(value)) return undefined;
  const parsed = BigInt(value.trim());
  return parsed >= INT64_MIN && parsed <= INT64_MAX ? parsed : undefined;
}

function isInt32(value: string): boolean {
  if (!INTEGER.test(value)) return false;
  const parsed = Number(value.trim());
  return parsed >= INT32_MIN && parsed <= INT32_MAX;
}

function isReal(value: string, max: number): boolean {
  return REAL_TEXT.test(value) && Math.abs(Number(value.trim())) <= max;
}

function isDecimal(value: string): boolean {
  return DECIMAL_TEXT.test(value) && Math.abs(Number(value.trim())) <= DECIMAL_MAX;
}

function isDateTime(value: string): boolean {
  return value.trim() !== '' && !Number.isNaN(Date.parse(value));
}

function isBool(value: string): boolean {
  const lower = value.trim().toLowerCase();
  return lower === 'true' || lower === 'false';
}

function integerArgument(name: string, text: string | undefined): bigint {
  const parsed = text === undefined ? undefined : parseInt64(text);
  if (parsed === undefined) {
    throw new RouteTemplateError(
      `The route constraint '${name}' needs an integer argument, got '${text ?? ''}'.`,
    );
  }
  return parsed;
}

function integerArguments(name: string, args: string | undefined, count: 1 | 2): bigint[] {
  const parts = args === undefined ? [] : args.split(',');
  if (parts.length !== count) {
    throw new RouteTemplateError(
      `The route constraint '${name}' takes ${count} argument(s), got '${args ?? ''}'.`,
    );
  }
  return parts.map((part) => integerArgument(name, part));
}

function inInt64Range(low: bigint, high: bigint): RouteConstraint {
  return (value) => {
    const parsed = parseInt64(value);
    return parsed !== undefined && parsed >= low && parsed <= high;
  };
}

function lengthBetween(low: bigint, high: bigint): RouteConstraint {
  return (value) => value.length >= low && value.length <= high;
}

/** Thrown for a route template or constraint that cannot be compiled. */
export class RouteTemplateError extends Error {
  override readonly name = 'RouteTemplateError';
}

/**
 * Compiles one inline constraint by name (case-insensitive) and its parenthesised argument text.
 *
 * @throws RouteTemplateError for an unknown constraint or bad arguments.
 */
export function compileConstraint(name: string, args: string | undefined): RouteConstraint {
  switch (name.toLowerCase()) {
    case 'int':
      return isInt32;
    case 'long':
      return (value) => parseInt64(value) !== undefined;
    case 'bool':
      return isBool;
    case 'datetime':
      return isDateTime;
    case 'decimal':
      return isDecimal;
    case 'double':
      return (value) => isReal(value, Number.MAX_VALUE);
    case 'float':
      return (value) => isReal(value, FLOAT_MAX);
    case 'guid':
      return (value) => GUID_FORMATS.some((format) => format.test(value));
    case 'alpha':
      return (value) => ALPHA.test(value);
    case 'required':
      return (value) => value !== '';
    case 'minlength':
      return lengthBetween(integerArguments(name, args, 1)[0]!, INT64_MAX);
    case 'maxlength':
      return lengthBetween(0n, integerArguments(name, args, 1)[0]!);
    case 'length':
      return lengthConstraint(name, args);
    case 'min':
      return inInt64Range(integerArguments(name, args, 1)[0]!, INT64_MAX);
    case 'max':
      return inInt64Range(INT64_MIN, integerArguments(name, args, 1)[0]!);
    case 'range': {
      const [low, high] = integerArguments(name, args, 2);
      return inInt64Range(low!, high!);
    }
    case 'regex':
      return regexConstraint(args);
    default:
      throw new RouteTemplateError(`Unknown route constraint '${name}'.`);
  }
}

function lengthConstraint(name: string, args: string | undefined): RouteConstraint {
  const parts = args?.includes(',') ? integerArguments(name, args, 2) : integerArguments(name, args, 1);
  return parts.length === 1 ? lengthBetween(parts[0]!, parts[0]!) : lengthBetween(parts[0]!, parts[1]!);
}

function regexConstraint(pattern: string | undefined): RouteConstraint {
  if (pattern === undefined) throw new RouteTemplateError(`The route constraint 'regex' needs a pattern.`);
  let regex: RegExp;
  try {
    // ASP.NET Core matches regex constraints case-insensitively and unanchored (patterns anchor themselves).
    regex = new RegExp(pattern, 'i');
  } catch (error) {
    throw new RouteTemplateError(`Invalid regex route constraint '${pattern}': ${(error as Error).message}`);
  }
  return (value) => regex.test(value);
}
