import type { RouteValues } from '@functions-rpc/protocol';
import { compileConstraint, RouteTemplateError, type RouteConstraint } from './route-constraints.js';

/** A route parameter of a template, such as `{id:int?}` or `{*rest}`. */
export interface RouteParameter {
  readonly kind: 'parameter';
  readonly name: string;
  readonly optional: boolean;
  readonly defaultValue: string | undefined;
  readonly catchAll: boolean;
  readonly constraints: readonly RouteConstraint[];
}

/** A literal piece of a template segment, matched case-insensitively. */
export interface RouteLiteral {
  readonly kind: 'literal';
  readonly text: string;
  readonly lower: string;
}

/** One `/`-separated template segment: a literal, a parameter, or several (a complex segment like `{a}.{b}`). */
export interface RouteSegment {
  readonly parts: readonly (RouteLiteral | RouteParameter)[];
  /** Only for complex segments: the anchored regex whose groups are the parameters in order. */
  readonly pattern?: RegExp;
}

/** Specificity rank of one segment; lower is more specific (literal > complex > constrained > plain > optional > catch-all). */
const enum Rank {
  Literal = 1,
  Complex = 2,
  Constrained = 3,
  Parameter = 4,
  Optional = 5,
  CatchAll = 6,
}

/** A route template compiled once; {@link matchRoute} runs it against request path segments. */
export interface CompiledRoute {
  readonly template: string;
  readonly segments: readonly RouteSegment[];
  /** One {@link Rank} per segment, compared lexicographically to order routes by specificity. */
  readonly precedence: readonly number[];
}

/**
 * Compiles an ASP.NET Core style route template (`products/{id:int}/{*rest}`); leading `/` or `~/` is ignored.
 *
 * @throws RouteTemplateError when the template is malformed (unbalanced braces, a catch-all not at the end, an
 *   optional parameter followed by more segments, an unknown constraint, a repeated parameter name).
 */
export function compileRoute(template: string): CompiledRoute {
  const trimmed = template.replace(/^~?\/+/, '').replace(/\/+$/, '');
  const texts = trimmed === '' ? [] : trimmed.split('/');
  const segments = texts.map((text) => compileSegment(text, template));
  validateOrder(segments, template);
  return { template, segments, precedence: segments.map(rank) };
}

function compileSegment(text: string, template: string): RouteSegment {
  if (text === '') throw new RouteTemplateError(`The route template '${template}' has an empty segment.`);
  const parts = splitParts(text, template);
  if (parts.length === 1) return { parts };
  if (parts.some((part) => part.kind === 'parameter' && part.catchAll)) {
    throw new RouteTemplateError(`A catch-all parameter must be a whole segment in '${template}'.`);
  }
  return { parts, pattern: complexPattern(parts) };
}

function splitParts(text: string, template: string): (RouteLiteral | RouteParameter)[] {
  const parts: (RouteLiteral | RouteParameter)[] = [];
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf('{', index);
    if (open < 0) {
      parts.push(literal(text.slice(index), template));
      break;
    }
    if (open > index) parts.push(literal(text.slice(index, open), template));
    const close = parameterEnd(text, open, template);
    parts.push(parameter(text.slice(open + 1, close), template));
    index = close + 1;
  }
  return parts;
}

/** Finds the `}` closing the parameter at `open`; braces inside a constraint's parentheses do not count. */
function parameterEnd(text: string, open: number, template: string): number {
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')' && depth > 0) depth--;
    else if (char === '}' && depth === 0) return i;
  }
  throw new RouteTemplateError(`Unbalanced '{' in route template '${template}'.`);
}

function literal(text: string, template: string): RouteLiteral {
  if (text.includes('}') || text.includes('?')) {
    throw new RouteTemplateError(`Unexpected '${text}' in route template '${template}'.`);
  }
  return { kind: 'literal', text, lower: text.toLowerCase() };
}

function parameter(body: string, template: string): RouteParameter {
  const stars = /^\*{0,2}/.exec(body)![0].length;
  let index = stars;
  const nameEnd = findAny(body, ':=?', index);
  const name = body.slice(index, nameEnd).trim();
  if (name === '')
    throw new RouteTemplateError(`A parameter without a name in route template '${template}'.`);
  const constraints: RouteConstraint[] = [];
  index = nameEnd;
  while (body[index] === ':') {
    const constraintEnd = findAny(body, '(:=?', index + 1);
    const constraintName = body.slice(index + 1, constraintEnd);
    if (body[constraintEnd] !== '(') {
      constraints.push(compileConstraint(constraintName, undefined));
      index = constraintEnd;
      continue;
    }
    const argsEnd = argumentsEnd(body, constraintEnd, template);
    constraints.push(compileConstraint(constraintName, body.slice(constraintEnd + 1, argsEnd)));
    index = argsEnd + 1;
  }
  const suffix = body.slice(index);
  if (suffix !== '' && suffix !== '?' && !suffix.startsWith('=')) {
    throw new RouteTemplateError(`Invalid parameter '{${body}}' in route template '${template}'.`);
  }
  return {
    kind: 'parameter',
    name,
    optional: suffix === '?',
    defaultValue: suffix.startsWith('=') ? suffix.slice(1) : undefined,
    catchAll: stars > 0,
    constraints,
  };
}

function findAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i]!)) return i;
  return text.length;
}

/** The `)` closing constraint arguments opened at `open`: the first `)` followed by `:`, `=`, a final `?` or the end. */
function argumentsEnd(body: string, open: number, template: string): number {
  for (let i = open + 1; i < body.length; i++) {
    if (body[i] !== ')') continue;
    const next = body[i + 1];
    if (next === undefined || next === ':' || next === '=' || (next === '?' && i + 2 === body.length))
      return i;
  }
  throw new RouteTemplateError(`Unbalanced '(' in route template '${template}'.`);
}

function complexPattern(parts: readonly (RouteLiteral | RouteParameter)[]): RegExp {
  let source = '';
  parts.forEach((part, index) => {
    if (part.kind === 'literal') source += escapeRegex(part.text);
    else source += part.optional && index === parts.length - 1 ? '(.*)' : '(.+)';
  });
  return new RegExp(`^${source}$`, 'is');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function validateOrder(segments: readonly RouteSegment[], template: string): void {
  const names = new Set<string>();
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    for (const part of segment.parts) {
      if (part.kind !== 'parameter') continue;
      const lower = part.name.toLowerCase();
      if (names.has(lower))
        throw new RouteTemplateError(`Parameter '${part.name}' repeats in '${template}'.`);
      names.add(lower);
      if (part.catchAll && !last)
        throw new RouteTemplateError(`A catch-all must be the last segment in '${template}'.`);
      if (part.optional && !last)
        throw new RouteTemplateError(`An optional parameter must be last in '${template}'.`);
    }
  });
}

function rank(segment: RouteSegment): Rank {
  if (segment.parts.length > 1) return Rank.Complex;
  const part = segment.parts[0]!;
  if (part.kind === 'literal') return Rank.Literal;
  if (part.catchAll) return Rank.CatchAll;
  if (part.optional || part.defaultValue !== undefined) return Rank.Optional;
  return part.constraints.length > 0 ? Rank.Constrained : Rank.Parameter;
}

/**
 * Matches decoded path segments (no empty trailing segment) against a compiled route; returns the route values
 * or undefined. Trailing segments may be left out when they are optional, have defaults or are a catch-all.
 */
export function matchRoute(route: CompiledRoute, path: readonly string[]): RouteValues | undefined {
  const { segments } = route;
  if (path.length > segments.length && !endsWithCatchAll(segments)) return undefined;
  const values: RouteValues = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const first = segment.parts[0]!;
    if (first.kind === 'parameter' && first.catchAll) {
      return bindCatchAll(first, path.slice(i).join('/'), values) ? values : undefined;
    }
    const value = path[i];
    if (value === undefined) {
      if (!bindMissing(segment, values)) return undefined;
      continue;
    }
    if (!bindSegment(segment, value, values)) return undefined;
  }
  return values;
}

function endsWithCatchAll(segments: readonly RouteSegment[]): boolean {
  const last = segments[segments.length - 1]?.parts[0];
  return last?.kind === 'parameter' && last.catchAll;
}

function bindCatchAll(part: RouteParameter, rest: string, values: RouteValues): boolean {
  const value = rest === '' ? part.defaultValue : rest;
  if (value !== undefined && !satisfies(part, value)) return false;
  values[part.name] = value;
  return true;
}

function bindMissing(segment: RouteSegment, values: RouteValues): boolean {
  const part = segment.parts[0]!;
  if (segment.parts.length > 1 || part.kind === 'literal') return false;
  if (part.defaultValue !== undefined) {
    values[part.name] = part.defaultValue;
    return true;
  }
  values[part.name] = undefined;
  return part.optional;
}

function bindSegment(segment: RouteSegment, value: string, values: RouteValues): boolean {
  if (segment.pattern) return bindComplex(segment, value, values);
  const part = segment.parts[0]!;
  if (part.kind === 'literal')
    return part.lower.length === value.length && part.lower === value.toLowerCase();
  if (!satisfies(part, value)) return false;
  values[part.name] = value;
  return true;
}

function bindComplex(segment: RouteSegment, value: string, values: RouteValues): boolean {
  const match = segment.pattern!.exec(value);
  if (!match) return false;
  let group = 1;
  for (const part of segment.parts) {
    if (part.kind === 'literal') continue;
    const captured = match[group++];
    const bound = captured === undefined || captured === '' ? part.defaultValue : captured;
    if (bound !== undefined && !satisfies(part, bound)) return false;
    values[part.name] = bound;
  }
  return true;
}

function satisfies(part: RouteParameter, value: string): boolean {
  for (const constraint of part.constraints) if (!constraint(value)) return false;
  return true;
}

/** Orders routes by specificity: negative when `a` is more specific than `b`. */
export function comparePrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.min(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const difference = a.precedence[i]! - b.precedence[i]!;
    if (difference !== 0) return difference;
  }
  return a.precedence.length - b.precedence.length;
}
