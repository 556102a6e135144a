import { readFileSync } from 'node:fs';
import type { MessagePayloadInit } from '@functions-rpc/protocol';
import type { ProgrammingModel } from './core-api/types.js';

/** This worker's version, from its package.json (two levels above the compiled `dist/src`). */
export const workerVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

type WorkerMetadataInit = NonNullable<MessagePayloadInit<'workerInitResponse'>['workerMetadata']>;

/** WorkerMetadata for init and reload responses, naming the active programming model. */
export function workerMetadata(model: ProgrammingModel): WorkerMetadataInit {
  return {
    runtimeName: 'node',
    runtimeVersion: process.versions.node,
    workerVersion,
    // Reported as the other workers do: x86 rather than ia32.
    workerBitness: process.arch === 'ia32' ? 'x86' : process.arch,
    customProperties: { modelName: model.name, modelVersion: model.version },
  };
}
