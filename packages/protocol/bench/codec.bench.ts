/** `npm run bench:codec [-- --smoke]`: prints the codec figures of `codec-bench.ts` as a table. */
import { measureCodec, type CodecTimes, type MessageCodecFigures } from './codec-bench.js';

const smoke = process.argv.includes('--smoke');
const figures = measureCodec({ smoke });

const ns = (value: number): string => value.toFixed(0).padStart(8);
const ratio = (value: number): string => `${value.toFixed(2)}x`.padStart(7);
const row = (label: string, times: CodecTimes): string =>
  `  ${label.padEnd(30)}${ns(times.encodeNs)}${ns(times.decodeNs)}`;

function print(message: MessageCodecFigures): void {
  console.log(`\n${message.message}: ${message.bytes.ours} bytes (protobufjs: ${message.bytes.protobufjs})`);
  console.log(`  ${'codec'.padEnd(30)}${'enc ns'.padStart(8)}${'dec ns'.padStart(8)}`);
  console.log(row('ours (encode/decodeStreaming)', message.ours));
  console.log(row('protobuf-es toBinary/fromBinary', message.protobufEs));
  console.log(row('protobufjs reflection', message.protobufjs));
  console.log(`  ${'experiment: reused write buffer'.padEnd(30)}${ns(message.pooledWriterEncodeNs)}`);
  console.log(
    `  ${'ratio ours / protobufjs'.padEnd(30)} ${ratio(message.ratio.encodeNs)} ${ratio(message.ratio.decodeNs)}`,
  );
}

console.log(
  `Codec benchmark${smoke ? ' (smoke)' : ''}: median of ${figures.repeats} rounds of ${figures.iterations} ` +
    `calls after ${figures.warmup} warm-up calls, Node ${process.versions.node}`,
);
figures.messages.forEach(print);
