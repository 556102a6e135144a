#!/usr/bin/env node
/**
 * A protoc/buf plugin that writes static binary encoders and decoders for the hot messages of one root
 * message (the `payload` cases of its oneof and every message they reach). They produce and consume the
 * message objects protoc-gen-es declares, so the rest of the code keeps the protobuf-es types; payloads that
 * are not hot are handed to protobuf-es's reflective codec. Options (buf.gen.yaml `opt`):
 *   root=<full message name>   the message to generate for
 *   payload=<oneof field name> a hot case of the root's oneof (repeatable)
 * Run by `npm run generate` (buf generate) with protoc-gen-es, checked by `npm run check-generated`.
 */
import { readFileSync } from 'node:fs';
import { create, createFileRegistry, fromBinary, ScalarType, toBinary } from '@bufbuild/protobuf';
import {
  CodeGeneratorRequestSchema,
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  FileDescriptorSetSchema,
} from '@bufbuild/protobuf/wkt';

const WIRE = { varint: 0, bit64: 1, len: 2 };

/** How each supported scalar is sized, written, read and tested for its zero value. */
const SCALARS = {
  [ScalarType.STRING]: {
    wire: WIRE.len,
    size: (v) => `stringSize(s, ${v})`,
    write: (v) => `w.string(${v})`,
    read: 'r.string(end)',
    isSet: (v) => `${v} !== ""`,
    zero: '""',
  },
  [ScalarType.BYTES]: {
    wire: WIRE.len,
    size: (v) => `bytesSize(${v})`,
    write: (v) => `w.bytes(${v})`,
    read: 'r.bytes(end)',
    isSet: (v) => `${v}.length !== 0`,
    zero: 'new Uint8Array(0)',
  },
  [ScalarType.BOOL]: {
    wire: WIRE.varint,
    size: () => '1',
    write: (v) => `w.bool(${v})`,
    read: 'r.bool()',
    isSet: (v) => v,
    zero: 'false',
  },
  [ScalarType.INT32]: {
    wire: WIRE.varint,
    size: (v) => `int32Size(${v})`,
    write: (v) => `w.int32(${v})`,
    read: 'r.int32()',
    isSet: (v) => `${v} !== 0`,
    zero: '0',
  },
  [ScalarType.INT64]: {
    wire: WIRE.varint,
    size: (v) => `int64Size(${v})`,
    write: (v) => `w.int64(${v})`,
    read: 'r.int64()',
    isSet: (v) => `Number(${v}) !== 0`,
    zero: 'protoInt64.zero',
  },
  [ScalarType.SINT64]: {
    wire: WIRE.varint,
    size: (v) => `sint64Size(${v})`,
    write: (v) => `w.sint64(${v})`,
    read: 'r.sint64()',
    isSet: (v) => `Number(${v}) !== 0`,
    zero: 'protoInt64.zero',
  },
  [ScalarType.DOUBLE]: {
    wire: WIRE.bit64,
    size: () => '8',
    write: (v) => `w.double(${v})`,
    read: 'r.double()',
    // Written unless +0: -0 and NaN are values, as protobuf-es writes them.
    isSet: (v) => `(${v} !== 0 || 1 / ${v} < 0)`,
    zero: '0',
  },
};

function scalarOf(type, where) {
  const scalar = SCALARS[type];
  if (!scalar)
    throw new Error(`${where}: scalar type ${ScalarType[type]} is not supported by this generator`);
  return scalar;
}

/** The scalar behaviour of a field, list item or map value (enums are int32 on the wire). */
function valueScalar(kind, field, scalar) {
  return kind === 'enum' ? scalarOf(ScalarType.INT32, field.toString()) : scalarOf(scalar, field.toString());
}

function tagBytes(number, wireType) {
  let value = ((number << 3) | wireType) >>> 0;
  const bytes = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return bytes;
}

function tagValue(number, wireType) {
  return ((number << 3) | wireType) >>> 0;
}

function writeTag(number, wireType) {
  const bytes = tagBytes(number, wireType);
  const hex = bytes.map((byte) => `0x${byte.toString(16).padStart(2, '0')}`);
  if (bytes.length === 1) return `w.byte(${hex[0]});`;
  if (bytes.length === 2) return `w.byte2(${hex[0]}, ${hex[1]});`;
  return bytes.map((_, index) => `w.byte(${hex[index]});`).join(' ');
}

/** The TypeScript name protoc-gen-es gives a message or enum, and the module it comes from. */
function tsName(desc) {
  const pkg = desc.file.proto.package;
  return (pkg ? desc.typeName.slice(pkg.length + 1) : desc.typeName).replace(/\./g, '_');
}

function moduleOf(desc) {
  return desc.file.name.startsWith('google/protobuf/')
    ? '@bufbuild/protobuf/wkt'
    : `./${desc.file.name}_pb.js`;
}

function scalarName(type) {
  return ScalarType[type].toLowerCase();
}

/** Field label and kind as the wire-type check words them (see src/codec/wire-type-check.ts). */
function labelOf(field) {
  const label = `${field.parent.typeName}.${field.name} (#${field.number})`;
  switch (field.fieldKind) {
    case 'scalar':
      return [label, `${scalarName(field.scalar)} field`];
    case 'enum':
      return [label, 'enum field'];
    case 'message':
      return [label, 'message field'];
    case 'list':
      return [label, 'repeated field'];
    case 'map':
      return [label, 'map field'];
  }
}

function entryLabels(field) {
  const label = `${field.parent.typeName}.${field.name} (#${field.number})`;
  const value =
    field.mapKind === 'message'
      ? 'message map value'
      : field.mapKind === 'enum'
        ? 'enum map value'
        : `${scalarName(field.scalar)} map value`;
  return [
    [`${label} key`, `${scalarName(field.mapKey)} map key`],
    [`${label} value`, value],
  ];
}

class Generator {
  constructor(registry, rootName, payloads) {
    this.root = registry.getMessage(rootName);
    if (!this.root) throw new Error(`root message ${rootName} not found`);
    this.payloads = new Set(payloads);
    this.hot = new Map();
    this.types = new Map();
    this.schemas = new Map();
    this.collect(this.root);
  }

  /** Is this root oneof case left to reflection? */
  cold(field) {
    return field.parent === this.root && field.oneof !== undefined && !this.payloads.has(field.name);
  }

  collect(desc) {
    if (this.hot.has(desc.typeName)) return;
    this.hot.set(desc.typeName, desc);
    this.useType(desc);
    for (const field of desc.fields) {
      if (!field.message) continue;
      if (this.cold(field)) {
        this.useType(field.message);
        this.schemas.set(`${tsName(field.message)}Schema`, moduleOf(field.message));
        continue;
      }
      this.collect(field.message);
    }
  }

  useType(desc) {
    this.types.set(tsName(desc), moduleOf(desc));
  }

  fn(kind, desc) {
    return `${kind}${tsName(desc).replace(/_/g, '')}`;
  }

  /** `export ` for the root's functions, which the hand-written codec calls. */
  exported(desc) {
    return desc === this.root ? 'export ' : '';
  }

  generate(sourceName) {
    const out = [];
    out.push(
      `// @generated by protoc-gen-static-codec from ${sourceName}: do not edit, run \`npm run generate\``,
    );
    out.push('/* eslint-disable */');
    out.push('');
    out.push(this.imports());
    for (const desc of this.hot.values()) out.push('', this.message(desc));
    return out.join('\n') + '\n';
  }

  imports() {
    const byModule = new Map();
    const add = (module, name) => {
      if (!byModule.has(module)) byModule.set(module, { types: new Set(), values: new Set() });
      byModule.get(module)[name.endsWith('Schema') ? 'values' : 'types'].add(name);
    };
    for (const [name, module] of this.types) add(module, name);
    for (const [name, module] of this.schemas) add(module, name);
    const lines = [
      "import { protoInt64 } from '@bufbuild/protobuf';",
      "import { checkEnd, otherEntryField, readByReflection, setEntry, sizeByReflection, tooDeep, unknownField, type FieldLabels } from '../codec/static/fields.js';",
      "import { MAX_DEPTH, type WireReader } from '../codec/static/wire-reader.js';",
      "import { bytesSize, delimitedSize, int32Size, int64Size, sint64Size, stringSize, unknownSize, type EncodeState, type WireWriter } from '../codec/static/wire-writer.js';",
    ];
    for (const [module, { types, values }] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) {
      const names = [...[...values].sort(), ...[...types].sort().map((name) => `type ${name}`)];
      lines.push(`import { ${names.join(', ')} } from '${module}';`);
    }
    return lines.join('\n');
  }

  message(desc) {
    const name = tsName(desc);
    const fields = desc.fields.concat().sort((a, b) => a.number - b.number);
    const labels = fields.map((field) => `${field.number}: ${JSON.stringify(labelOf(field))}`);
    const out = [];
    out.push(`// ${desc.typeName}`);
    out.push(`const ${name}Fields: FieldLabels = { ${labels.join(', ')} };`);
    out.push('');
    out.push(`function ${this.fn('new', desc)}(): ${name} {`);
    out.push(`  return { $typeName: ${JSON.stringify(desc.typeName)}${this.zeroMembers(desc)} };`);
    out.push('}');
    out.push('');
    if (desc === this.root)
      out.push(`/** Bytes of a ${name}; records in \`s\` what \`${this.fn('write', desc)}\` needs. */`);
    out.push(`${this.exported(desc)}function ${this.fn('size', desc)}(m: ${name}, s: EncodeState): number {`);
    out.push('  let n = 0;');
    for (const group of this.groups(fields)) out.push(indent(this.sizeGroup(group), 1));
    out.push('  return n + unknownSize(m.$unknown);');
    out.push('}');
    out.push('');
    if (desc === this.root) out.push(`/** Writes a ${name} sized by \`${this.fn('size', desc)}\`. */`);
    out.push(`${this.exported(desc)}function ${this.fn('write', desc)}(m: ${name}, w: WireWriter): void {`);
    for (const group of this.groups(fields)) out.push(indent(this.writeGroup(group), 1));
    out.push('  w.unknown(m.$unknown);');
    out.push('}');
    out.push('');
    if (desc === this.root)
      out.push(`/** Reads a ${name} from \`r\` up to \`end\`; \`depth\` is 1 at the top. */`);
    out.push(
      `${this.exported(desc)}function ${this.fn('read', desc)}(r: WireReader, end: number, depth: number, existing: ${name} | undefined): ${name} {`,
    );
    out.push('  if (depth > MAX_DEPTH) throw tooDeep();');
    out.push(`  const m = existing ?? ${this.fn('new', desc)}();`);
    out.push('  while (r.pos < end) {');
    out.push('    const tag = r.tag();');
    out.push('    switch (tag) {');
    for (const field of fields) out.push(indent(this.readField(field), 3));
    out.push('      default:');
    out.push(`        unknownField(r, tag, end, depth, ${name}Fields, m);`);
    out.push('    }');
    out.push('  }');
    out.push('  checkEnd(r, end);');
    out.push('  return m;');
    out.push('}');
    return out.join('\n');
  }

  /**
   * Fields in number order, each a group of one, except that the members of a oneof form one group (one
   * switch) when no other field's number falls between theirs, so the bytes keep protobuf-es's field order.
   */
  groups(fields) {
    const groups = [];
    for (const field of fields) {
      const last = groups[groups.length - 1];
      if (field.oneof && last && last[0].oneof === field.oneof) last.push(field);
      else groups.push([field]);
    }
    const split = groups.filter((group) => group[0].oneof).map((group) => group[0].oneof);
    if (new Set(split).size !== split.length) return fields.map((field) => [field]);
    return groups;
  }

  sizeGroup(group) {
    if (group.length === 1) return this.sizeField(group[0]);
    const oneof = `m.${group[0].oneof.localName}`;
    const cases = group.map((field) => {
      const value = this.single(field, field.fieldKind, field.scalar, field.message, `${oneof}.value`, '');
      const tagSize = tagBytes(field.number, value.wire).length;
      return `  case ${JSON.stringify(field.localName)}:\n    n += ${tagSize} + ${value.size};\n    break;`;
    });
    return [`switch (${oneof}.case) {`, ...cases, '}'].join('\n');
  }

  writeGroup(group) {
    if (group.length === 1) return this.writeField(group[0]);
    const oneof = `m.${group[0].oneof.localName}`;
    const cases = group.map((field) => {
      const value = this.single(field, field.fieldKind, field.scalar, field.message, `${oneof}.value`, '');
      return `  case ${JSON.stringify(field.localName)}:\n    ${writeTag(field.number, value.wire)} ${value.write}\n    break;`;
    });
    return [`switch (${oneof}.case) {`, ...cases, '}'].join('\n');
  }

  /** The members `create()` gives a zero message, in declaration order (singular messages are absent). */
  zeroMembers(desc) {
    let text = '';
    for (const member of desc.members) {
      if (member.kind === 'oneof') {
        text += `, ${member.localName}: { case: undefined }`;
        continue;
      }
      switch (member.fieldKind) {
        case 'message':
          break;
        case 'list':
          text += `, ${member.localName}: []`;
          break;
        case 'map':
          text += `, ${member.localName}: {}`;
          break;
        case 'enum':
          if (member.enum.values[0].number !== 0) throw new Error(`${member}: enum zero value is not 0`);
          text += `, ${member.localName}: 0`;
          break;
        default:
          text += `, ${member.localName}: ${scalarOf(member.scalar, member.toString()).zero}`;
      }
    }
    return text;
  }

  /** For a field's value `v`: [size expression, write statements, read expression (given `end`, `existing`)]. */
  single(field, kind, scalar, message, v, existing) {
    if (kind === 'message') {
      if (this.cold(field)) {
        const schema = `${tsName(message)}Schema`;
        return {
          wire: WIRE.len,
          size: `sizeByReflection(s, ${schema}, ${v})`,
          write: 'w.blob();',
          read: `readByReflection(${schema}, r, end, depth + 1, ${existing})`,
        };
      }
      return {
        wire: WIRE.len,
        size: `delimitedSize(s.fill(s.reserve(), ${this.fn('size', message)}(${v}, s)))`,
        write: `w.length(); ${this.fn('write', message)}(${v}, w);`,
        read: `${this.fn('read', message)}(r, r.limit(end), depth + 1, ${existing})`,
      };
    }
    const behaviour = valueScalar(kind, field, scalar);
    return {
      wire: behaviour.wire,
      size: behaviour.size(v),
      write: `${behaviour.write(v)};`,
      read: behaviour.read,
      isSet: behaviour.isSet(v),
    };
  }

  sizeField(field) {
    const access = `m.${field.localName}`;
    switch (field.fieldKind) {
      case 'map':
        return this.mapSize(field, access);
      case 'list':
        return this.listSize(field, access);
    }
    const kind = field.fieldKind;
    if (field.oneof) {
      const oneof = `m.${field.oneof.localName}`;
      const value = this.single(field, kind, field.scalar, field.message, `${oneof}.value`, '');
      const tagSize = tagBytes(field.number, value.wire).length;
      return `if (${oneof}.case === ${JSON.stringify(field.localName)}) n += ${tagSize} + ${value.size};`;
    }
    const value = this.single(field, kind, field.scalar, field.message, access, '');
    const tagSize = tagBytes(field.number, value.wire).length;
    const isSet = kind === 'message' ? `${access} !== undefined` : value.isSet;
    return `if (${isSet}) n += ${tagSize} + ${value.size};`;
  }

  writeField(field) {
    const access = `m.${field.localName}`;
    switch (field.fieldKind) {
      case 'map':
        return this.mapWrite(field, access);
      case 'list':
        return this.listWrite(field, access);
    }
    const kind = field.fieldKind;
    if (field.oneof) {
      const oneof = `m.${field.oneof.localName}`;
      const value = this.single(field, kind, field.scalar, field.message, `${oneof}.value`, '');
      return `if (${oneof}.case === ${JSON.stringify(field.localName)}) { ${writeTag(field.number, value.wire)} ${value.write} }`;
    }
    const value = this.single(field, kind, field.scalar, field.message, access, '');
    const isSet = kind === 'message' ? `${access} !== undefined` : value.isSet;
    return `if (${isSet}) { ${writeTag(field.number, value.wire)} ${value.write} }`;
  }

  readField(field) {
    const access = `m.${field.localName}`;
    switch (field.fieldKind) {
      case 'map':
        return this.mapRead(field, access);
      case 'list':
        return this.listRead(field, access);
    }
    const kind = field.fieldKind;
    if (field.oneof) {
      const oneof = `m.${field.oneof.localName}`;
      const caseName = JSON.stringify(field.localName);
      const existing = `${oneof}.case === ${caseName} ? ${oneof}.value : undefined`;
      const value = this.single(field, kind, field.scalar, field.message, '', existing);
      return [
        `case ${tagValue(field.number, value.wire)}:`,
        `  ${oneof} = { case: ${caseName}, value: ${value.read} };`,
        '  break;',
      ].join('\n');
    }
    const value = this.single(field, kind, field.scalar, field.message, '', access);
    return [`case ${tagValue(field.number, value.wire)}:`, `  ${access} = ${value.read};`, '  break;'].join(
      '\n',
    );
  }

  listSize(field, access) {
    const item = this.single(field, field.listKind, field.scalar, field.message, 'v', 'undefined');
    if (field.packed && item.wire !== WIRE.len) {
      const tagSize = tagBytes(field.number, WIRE.len).length;
      const payload = item.size === '8' ? `8 * ${access}.length` : null;
      if (payload)
        return `if (${access}.length !== 0) n += ${tagSize} + delimitedSize(s.fill(s.reserve(), ${payload}));`;
      return [
        `if (${access}.length !== 0) {`,
        '  const slot = s.reserve();',
        '  let p = 0;',
        `  for (const v of ${access}) p += ${item.size};`,
        `  n += ${tagSize} + delimitedSize(s.fill(slot, p));`,
        '}',
      ].join('\n');
    }
    const tagSize = tagBytes(field.number, item.wire).length;
    return `for (const v of ${access}) n += ${tagSize} + ${item.size};`;
  }

  listWrite(field, access) {
    const item = this.single(field, field.listKind, field.scalar, field.message, 'v', 'undefined');
    if (field.packed && item.wire !== WIRE.len) {
      return `if (${access}.length !== 0) { ${writeTag(field.number, WIRE.len)} w.length(); for (const v of ${access}) ${item.write} }`;
    }
    return `for (const v of ${access}) { ${writeTag(field.number, item.wire)} ${item.write} }`;
  }

  listRead(field, access) {
    const item = this.single(field, field.listKind, field.scalar, field.message, '', 'undefined');
    const lines = [
      `case ${tagValue(field.number, item.wire)}:`,
      `  ${access}.push(${item.read});`,
      '  break;',
    ];
    if (item.wire !== WIRE.len) {
      // Packed or not, a reader takes both forms.
      lines.push(
        `case ${tagValue(field.number, WIRE.len)}: {`,
        '  const stop = r.limit(end);',
        `  while (r.pos < stop) ${access}.push(${item.read});`,
        '  checkEnd(r, stop);',
        '  break;',
        '}',
      );
    }
    return lines.join('\n');
  }

  mapValue(field) {
    if (field.mapKey !== ScalarType.STRING) throw new Error(`${field}: only string map keys are supported`);
    return this.single(field, field.mapKind, field.scalar, field.message, 'value', 'value');
  }

  mapSize(field, access) {
    const value = this.mapValue(field);
    const tagSize = tagBytes(field.number, WIRE.len).length;
    return [
      `for (const key of Object.keys(${access})) {`,
      '  const slot = s.reserve();',
      `  const value = ${access}[key]!;`,
      `  n += ${tagSize} + delimitedSize(s.fill(slot, 1 + stringSize(s, key) + 1 + ${value.size}));`,
      '}',
    ].join('\n');
  }

  mapWrite(field, access) {
    const value = this.mapValue(field);
    return [
      `for (const key of Object.keys(${access})) {`,
      `  const value = ${access}[key]!;`,
      `  ${writeTag(field.number, WIRE.len)} w.length();`,
      `  w.byte(0x0a); w.string(key);`,
      `  ${writeTag(2, value.wire)} ${value.write}`,
      '}',
    ].join('\n');
  }

  mapRead(field, access) {
    const value = this.mapValue(field);
    const [keyLabel, valueLabel] = entryLabels(field);
    const fallback =
      field.mapKind === 'message'
        ? `${this.fn('new', field.message)}()`
        : valueScalar(field.mapKind, field, field.scalar).zero;
    const valueType =
      field.mapKind === 'message'
        ? tsName(field.message)
        : field.mapKind === 'enum'
          ? 'number'
          : tsScalar(field.scalar);
    return [
      `case ${tagValue(field.number, WIRE.len)}: {`,
      '  const stop = r.limit(end);',
      "  let key = '';",
      `  let value: ${valueType} | undefined;`,
      '  while (r.pos < stop) {',
      '    const entryTag = r.tag();',
      '    if (entryTag === 0x0a) key = r.string(stop);',
      `    else if (entryTag === ${tagValue(2, value.wire)}) value = ${value.read.replace('(end)', '(stop)').replace('r.limit(end)', 'r.limit(stop)')};`,
      `    else otherEntryField(r, entryTag, stop, depth, ${JSON.stringify(keyLabel)}, ${JSON.stringify(valueLabel)});`,
      '  }',
      '  checkEnd(r, stop);',
      `  setEntry(${access}, key, value ?? ${fallback});`,
      '  break;',
      '}',
    ].join('\n');
  }
}

function tsScalar(type) {
  switch (type) {
    case ScalarType.STRING:
      return 'string';
    case ScalarType.BYTES:
      return 'Uint8Array';
    case ScalarType.BOOL:
      return 'boolean';
    case ScalarType.INT64:
    case ScalarType.SINT64:
      return 'bigint';
    default:
      return 'number';
  }
}

function indent(text, levels) {
  const pad = '  '.repeat(levels);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

function parseOptions(parameter) {
  const options = { root: undefined, payloads: [] };
  for (const entry of parameter.split(',').filter(Boolean)) {
    const [key, value] = entry.split('=');
    if (key === 'root') options.root = value;
    else if (key === 'payload') options.payloads.push(value);
    else throw new Error(`unknown option ${entry}`);
  }
  if (!options.root) throw new Error('option root=<message> is required');
  return options;
}

function main() {
  const request = fromBinary(CodeGeneratorRequestSchema, readFileSync(0));
  const options = parseOptions(request.parameter);
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
  const generator = new Generator(registry, options.root, options.payloads);
  const source = generator.root.file;
  const files = request.fileToGenerate.includes(`${source.name}.proto`)
    ? [{ name: `${source.name}_codec.ts`, content: generator.generate(`${source.name}.proto`) }]
    : [];
  const response = create(CodeGeneratorResponseSchema, {
    supportedFeatures: BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL),
    file: files,
  });
  process.stdout.write(toBinary(CodeGeneratorResponseSchema, response));
}

main();
