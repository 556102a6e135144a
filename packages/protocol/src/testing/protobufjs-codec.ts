/**
 * An independent codec for the same .proto files: protobufjs, loaded by reflection at run time. Tests use
 * it to prove byte compatibility and the codec benchmark uses it as the yardstick.
 */
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DescField, DescMessage, Message } from '@bufbuild/protobuf';
import protobuf from 'protobufjs';

/** The package's `proto` folder, seen from the compiled file in `dist/src/testing`. */
const PROTO_DIR = fileURLToPath(new URL('../../../proto/', import.meta.url));

let root: protobuf.Root | undefined;

/**
 * Loads FunctionRpc.proto and its imports into a protobufjs Root, keeping the proto field names
 * (`keepCase`) so fields can be matched by name. Imports resolve against the package's `proto` folder;
 * `google/protobuf/*` resolve to the definitions protobufjs bundles.
 */
function protobufjsRoot(): protobuf.Root {
  if (root) return root;
  const loaded = new protobuf.Root();
  loaded.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/') || isAbsolute(target) ? target : join(PROTO_DIR, target);
  loaded.loadSync('FunctionRpc.proto', { keepCase: true }).resolveAll();
  root = loaded;
  return loaded;
}

/** The protobufjs type of `AzureFunctionsRpcMessages.StreamingMessage`, or any other by its full name. */
export function protobufjsType(typeName = 'AzureFunctionsRpcMessages.StreamingMessage'): protobuf.Type {
  return protobufjsRoot().lookupType(typeName);
}

/**
 * Re-expresses a protobuf-es message as the plain object protobufjs's `fromObject` takes: proto field names,
 * oneof members as plain fields, 64-bit integers as decimal strings, enums as numbers.
 */
export function toProtobufjsObject(desc: DescMessage, message: Message): Record<string, unknown> {
  const record = message as unknown as Record<string, unknown>;
  const object: Record<string, unknown> = {};
  for (const field of desc.fields) {
    const value = valueOf(record, field);
    if (value === undefined) continue;
    object[field.name] = convertField(field, value);
  }
  return object;
}

function valueOf(message: Record<string, unknown>, field: DescField): unknown {
  if (!field.oneof) return message[field.localName];
  const oneof = message[field.oneof.localName] as { case?: string; value?: unknown };
  return oneof.case === field.localName ? oneof.value : undefined;
}

function convertField(field: DescField, value: unknown): unknown {
  switch (field.fieldKind) {
    case 'message':
      return toProtobufjsObject(field.message, value as Message);
    case 'list':
      return (value as unknown[]).map((item) =>
        field.listKind === 'message'
          ? toProtobufjsObject(field.message, item as Message)
          : convertScalar(item),
      );
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, item]) => [
          key,
          field.mapKind === 'message'
            ? toProtobufjsObject(field.message, item as Message)
            : convertScalar(item),
        ]),
      );
    default:
      return convertScalar(value);
  }
}

function convertScalar(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
