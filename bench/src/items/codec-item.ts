import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CodecBenchOptions, CodecFigures } from '../../../packages/protocol/bench/codec-bench.js';
import type { BenchOptions } from '../options.js';
import { repoPath } from '../paths.js';
import { row, type ItemOutcome } from '../report/row.js';

const SOURCE = repoPath('packages/protocol/bench/codec-bench.ts');
const COMPILED = repoPath('packages/protocol/dist/bench/codec-bench.js');

/** Item 6: the protocol package's codec bench, ours beside protobufjs on the same messages. */
export async function codecItem(options: BenchOptions): Promise<ItemOutcome[]> {
  if (!existsSync(SOURCE)) {
    return [
      {
        item: 'codec',
        status: 'skipped',
        reason: 'packages/protocol/bench/codec-bench.ts does not exist',
        rows: [],
      },
    ];
  }
  if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing; run npm run build.`);
  const bench = (await import(pathToFileURL(COMPILED).href)) as {
    measureCodec(options: CodecBenchOptions): CodecFigures;
  };
  const figures = bench.measureCodec({ smoke: options.smoke });
  const rows = figures.messages.flatMap((message) => {
    const subject = message.message;
    return [
      row('codec', subject, 'encode CPU ns', message.ours.encodeNs, {
        subject: 'protobufjs',
        value: message.protobufjs.encodeNs,
      }),
      row('codec', subject, 'decode CPU ns', message.ours.decodeNs, {
        subject: 'protobufjs',
        value: message.protobufjs.decodeNs,
      }),
      row('codec', subject, 'bytes', message.bytes.ours, {
        subject: 'protobufjs',
        value: message.bytes.protobufjs,
      }),
    ];
  });
  return [{ item: 'codec', status: 'ok', rows, raw: figures }];
}
