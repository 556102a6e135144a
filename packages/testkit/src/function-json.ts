import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  BindingInfo_DataType,
  BindingInfo_Direction,
  type MessagePayloadInit,
} from '@functions-rpc/protocol';

type FunctionMetadataInit = NonNullable<MessagePayloadInit<'functionLoadRequest'>['metadata']>;

interface FunctionJson {
  scriptFile?: string;
  entryPoint?: string;
  disabled?: boolean;
  bindings?: { name: string; type: string; direction?: string; dataType?: string }[];
}

// function.json spells these as the enums' names, in any case.
const directions: Record<string, BindingInfo_Direction> = {
  in: BindingInfo_Direction.in,
  out: BindingInfo_Direction.out,
  inout: BindingInfo_Direction.inout,
};
const dataTypes: Record<string, BindingInfo_DataType> = {
  undefined: BindingInfo_DataType.undefined,
  string: BindingInfo_DataType.string,
  binary: BindingInfo_DataType.binary,
  stream: BindingInfo_DataType.stream,
};
const defaultScripts = ['index.js', 'index.mjs', 'index.cjs'];

/**
 * Host indexing as the reference host does it for Node.js apps: one function per sub-directory holding a
 * function.json, named after the directory, with `script_file` absolute (`scriptFile`, else the only
 * script, else `index.js|mjs|cjs`), and the function id equal to the name.
 */
export function readFunctionJsonMetadata(appDir: string): FunctionMetadataInit[] {
  return readdirSync(appDir)
    .filter((name) => statSync(join(appDir, name)).isDirectory())
    .filter((name) => statSync(join(appDir, name, 'function.json'), { throwIfNoEntry: false })?.isFile())
    .sort()
    .map((name) => functionMetadata(appDir, name));
}

function functionMetadata(appDir: string, name: string): FunctionMetadataInit {
  const directory = join(appDir, name);
  const json = JSON.parse(readFileSync(join(directory, 'function.json'), 'utf8')) as FunctionJson;
  const bindings = json.bindings ?? [];
  return {
    name,
    functionId: name,
    directory,
    scriptFile: join(directory, json.scriptFile ?? scriptOf(directory)),
    entryPoint: json.entryPoint ?? '',
    language: 'node',
    rawBindings: bindings.map((binding) => JSON.stringify(binding)),
    bindings: Object.fromEntries(
      bindings.map((binding) => [
        binding.name,
        {
          type: binding.type,
          direction: directions[binding.direction?.toLowerCase() ?? 'in'] ?? BindingInfo_Direction.in,
          dataType:
            dataTypes[binding.dataType?.toLowerCase() ?? 'undefined'] ?? BindingInfo_DataType.undefined,
        },
      ]),
    ),
    properties: { FunctionId: name, IsDisabled: String(json.disabled ?? false) },
  };
}

function scriptOf(directory: string): string {
  const scripts = readdirSync(directory).filter((file) => /\.(js|mjs|cjs)$/.test(file));
  if (scripts.length === 1) return scripts[0] as string;
  return defaultScripts.find((file) => scripts.includes(file)) ?? 'index.js';
}
