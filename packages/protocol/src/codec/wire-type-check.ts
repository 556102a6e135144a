import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/** The wire types a field may arrive with, as a bit set, and the rules to check inside it. */
interface FieldRule {
  /** Names the field in errors, such as `AzureFunctionsRpcMessages.RpcHttp.headers (#3) value`. */
  readonly label: string;
  /** What the field is, for errors: `string field`, `message field`... */
  readonly kind: string;
  readonly allowed: number;
  /** For message fields and lists of messages: the nested message, whose rules are looked up lazily. */
  readonly nested?: DescMessage;
  /**
   * The rules inside a length-delimited value: for maps those of the synthetic entry message (key = 1,
   * value = 2), set up front; for messages those of `nested`, filled on first use (types can be recursive).
   */
  inner?: MessageRules;
}

/** Rules indexed by field number (a sparse array: field numbers here are small). */
type MessageRules = readonly (FieldRule | undefined)[];

const bit = (wireType: WireType): number => 1 << wireType;
const MAX_DEPTH = 100;
const rulesByMessage = new WeakMap<DescMessage, MessageRules>();

/**
 * Walks encoded bytes against the schema and throws when a known field arrives with a wire type its
 * declaration does not allow. protobuf-es reads known fields by their declared type without looking at
 * the wire type, so a peer that, say, writes a varint where a string belongs would otherwise be misread
 * silently instead of refused. Unknown fields are skipped, as proto3 requires.
 *
 * It only scans tags and lengths (no values are decoded and nothing is allocated), so it costs a fraction
 * of the decode that follows.
 */
export function checkWireTypes(desc: DescMessage, bytes: Uint8Array): void {
  scanMessage(bytes, 0, bytes.length, rulesOf(desc), 0);
}

const PREMATURE_EOF = 'premature EOF';

/**
 * The error for a known field that arrived with a wire type its declaration does not allow; `label` names the
 * field (`AzureFunctionsRpcMessages.RpcHttp.headers (#3) value`), `kind` what it is (`string field`).
 */
export function wireTypeError(label: string, kind: string, wireType: number): Error {
  return new Error(
    `field ${label} arrived with wire type ${WireType[wireType] ?? wireType}, which a ${kind} cannot have`,
  );
}

/** Checks the fields in `buf[pos, end)` and returns `end`. Kept in one function with local state for speed. */
function scanMessage(buf: Uint8Array, pos: number, end: number, rules: MessageRules, depth: number): number {
  if (depth > MAX_DEPTH) throw new Error(`messages nest deeper than ${MAX_DEPTH} levels`);
  while (pos < end) {
    let tag = buf[pos++]!;
    if (tag >= 0x80) {
      // Two-byte tags (fields 16 to 2047) are common here; longer ones take the general path.
      if (pos < end && buf[pos]! < 0x80) tag = (tag & 0x7f) | (buf[pos++]! << 7);
      else [tag, pos] = readVarint32(buf, pos - 1, end);
    }
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNo === 0) throw new Error(`illegal tag: field no 0 wire type ${wireType}`);
    const rule = rules[fieldNo];
    if (rule && (rule.allowed & bit(wireType)) === 0) throw wireTypeError(rule.label, rule.kind, wireType);
    switch (wireType) {
      case WireType.Varint:
        pos = skipVarint(buf, pos, end);
        break;
      case WireType.Bit64:
        pos += 8;
        break;
      case WireType.Bit32:
        pos += 4;
        break;
      case WireType.LengthDelimited: {
        if (pos >= end) throw new Error(PREMATURE_EOF);
        let length = buf[pos++]!;
        if (length >= 0x80) [length, pos] = readVarint32(buf, pos - 1, end);
        const fieldEnd = pos + length;
        if (fieldEnd > end) throw new Error(PREMATURE_EOF);
        const inner = rule && (rule.inner ?? (rule.nested && (rule.inner = rulesOf(rule.nested))));
        pos = inner ? scanMessage(buf, pos, fieldEnd, inner, depth + 1) : fieldEnd;
        break;
      }
      case WireType.StartGroup: {
        // Rare (no field of this protocol is a group): leave it to protobuf-es's reader.
        const reader = new BinaryReader(buf.subarray(pos, end));
        reader.skip(WireType.StartGroup, fieldNo);
        pos += reader.pos;
        break;
      }
      default:
        throw new Error(`illegal tag: field no ${fieldNo} wire type ${wireType}`);
    }
  }
  if (pos > end) throw new Error(PREMATURE_EOF);
  return pos;
}

function skipVarint(buf: Uint8Array, pos: number, end: number): number {
  for (const limit = pos + 10; pos < limit;) {
    if (pos >= end) throw new Error(PREMATURE_EOF);
    if (buf[pos++]! < 0x80) return pos;
  }
  throw new Error('invalid varint');
}

/** A varint of up to 32 significant bits (tags, lengths) starting at `pos`: [value, position after it]. */
function readVarint32(buf: Uint8Array, pos: number, end: number): [number, number] {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= end) throw new Error(PREMATURE_EOF);
    const byte = buf[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) {
      if (value > 0xffffffff) break;
      return [value, pos];
    }
  }
  throw new Error('invalid varint');
}

function rulesOf(desc: DescMessage): MessageRules {
  const rules = rulesByMessage.get(desc);
  if (rules) return rules;
  const byNumber: (FieldRule | undefined)[] = [];
  for (const field of desc.fields) byNumber[field.number] = ruleOf(field);
  rulesByMessage.set(desc, byNumber);
  return byNumber;
}

function ruleOf(field: DescField): FieldRule {
  const LEN = bit(WireType.LengthDelimited);
  const label = `${field.parent.typeName}.${field.name} (#${field.number})`;
  switch (field.fieldKind) {
    case 'scalar':
      return { label, kind: `${scalarName(field.scalar)} field`, allowed: bit(scalarWireType(field.scalar)) };
    case 'enum':
      return { label, kind: 'enum field', allowed: bit(WireType.Varint) };
    case 'message':
      return { label, kind: 'message field', allowed: LEN, nested: field.message };
    case 'list': {
      const kind = 'repeated field';
      if (field.listKind === 'message') return { label, kind, allowed: LEN, nested: field.message };
      if (field.listKind === 'enum') return { label, kind, allowed: LEN | bit(WireType.Varint) };
      // Packed or not: a reader must accept both forms of a packable scalar.
      return { label, kind, allowed: LEN | bit(scalarWireType(field.scalar)) };
    }
    case 'map': {
      const key: FieldRule = {
        label: `${label} key`,
        kind: `${scalarName(field.mapKey)} map key`,
        allowed: bit(scalarWireType(field.mapKey)),
      };
      const value: FieldRule =
        field.mapKind === 'message'
          ? { label: `${label} value`, kind: 'message map value', allowed: LEN, nested: field.message }
          : field.mapKind === 'enum'
            ? { label: `${label} value`, kind: 'enum map value', allowed: bit(WireType.Varint) }
            : {
                label: `${label} value`,
                kind: `${scalarName(field.scalar)} map value`,
                allowed: bit(scalarWireType(field.scalar)),
              };
      const entry = [undefined, key, value];
      return { label, kind: 'map field', allowed: LEN, inner: entry };
    }
  }
}

function scalarWireType(scalar: ScalarType): WireType {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LengthDelimited;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}

function scalarName(scalar: ScalarType): string {
  return ScalarType[scalar].toLowerCase();
}
