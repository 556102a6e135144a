/** `npm run bench:codec [-- --smoke]`: prints the codec figures of `codec-bench.ts` as a table. */
import { measureCodec, type CodecTimes, type MessageCodecFigures } from './codec-bench.js';

const smoke = process.argv.includes('--smoke');
const figures = measureCodec({ smoke });

const ns = (value: number): string => value.toFixed(0).padStart(8);
const ratio = (value: number): string => `${value.toFixed(2)}x`.padStart(7);
const row = (label: string, times: CodecTimes): string =>
  `  ${label.padEnd(34)}${ns(times.encodeNs)}${ns(times.decodeNs)}`;

function print(message: MessageCodecFigures): void {
  const same = message.sameBytes ? 'the same bytes' : 'DIFFERENT bytes';
  console.log(
    `\n${message.message}: ${message.bytes.ours} bytes (protobufjs: ${message.bytes.protobufjs}, ${same})`,
  );
  console.log(`  ${'codec (CPU ns per call)'.padEnd(34)}${'encode'.padStart(8)}${'decode'.padStart(8)}`);
  console.log(row('ours (generated, as the transport)', message.ours));
  console.log(row('protobuf-es toBinary/fromBinary', message.protobufEs));
  console.log(row('protobufjs reflection', message.protobufjs));
  console.log(
    `  ${'ratio ours / protobufjs'.padEnd(34)} ${ratio(message.ratio.encodeNs)} ${ratio(message.ratio.decodeNs)}`,
  );
}

console.log(
  `Codec benchmark${smoke ? ' (smoke)' : ''}: median of ${figures.repeats} rounds of ${figures.iterations} ` +
    `calls after ${figures.warmup} warm-up calls, process CPU time, Node ${process.versions.node}`,
);
figures.messages.forEach(print);
