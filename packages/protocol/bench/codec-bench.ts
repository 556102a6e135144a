/**
 * Codec speed: nanoseconds per encode and per decode of an HTTP InvocationRequest and its
 * InvocationResponse, for this package's codec and for protobufjs loading the same .proto files, measured
 * in the same run. Returns plain data; `codec.bench.ts` prints it.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  StreamingMessageSchema,
  decodeStreamingMessage,
  encodeStreamingMessage,
  type StreamingMessage,
} from '../src/index.js';
import { protobufjsType } from '../src/testing/protobufjs-codec.js';
import { httpInvocationRequest, httpInvocationResponse } from './http-invocation.js';
import { withPooledWriterBuffer } from './pooled-writer-experiment.js';

/** How hard to measure. */
export interface CodecBenchOptions {
  /** Tiny counts that finish well under a second, to prove the benchmark runs. */
  readonly smoke?: boolean;
}

/** Median nanoseconds per operation of one codec. */
export interface CodecTimes {
  readonly encodeNs: number;
  readonly decodeNs: number;
}

/** The figures for one message. */
export interface MessageCodecFigures {
  readonly message: string;
  /** Encoded size in bytes by each codec (they may order fields differently, never differ in content). */
  readonly bytes: { readonly ours: number; readonly protobufjs: number };
  /** `encodeStreamingMessage` / `decodeStreamingMessage`: protobuf-es plus the wire-type check on decode. */
  readonly ours: CodecTimes;
  /** protobuf-es `toBinary` / `fromBinary` alone. */
  readonly protobufEs: CodecTimes;
  /** Experiment: `toBinary` with the writer's buffer reused across calls (see pooled-writer-experiment). */
  readonly pooledWriterEncodeNs: number;
  /** protobufjs `Type.encode().finish()` / `Type.decode()` on a reflection-loaded Root. */
  readonly protobufjs: CodecTimes;
  /** ours / protobufjs: above 1 means ours is slower. */
  readonly ratio: CodecTimes;
}

/** Everything `measureCodec` found, with the counts it used. */
export interface CodecFigures {
  readonly iterations: number;
  readonly repeats: number;
  readonly warmup: number;
  readonly messages: readonly MessageCodecFigures[];
}

type Operation = () => unknown;
/** An operation that must run inside a setup, such as the pooled-writer experiment. */
interface WrappedOperation {
  readonly run: Operation;
  readonly within: (body: () => number) => number;
}

/** Measures both messages with both codecs; see the module comment. */
export function measureCodec(options: CodecBenchOptions = {}): CodecFigures {
  const counts = options.smoke
    ? { iterations: 100, repeats: 3, warmup: 50 }
    : { iterations: 20_000, repeats: 9, warmup: 20_000 };
  const messages = [
    measureMessage('InvocationRequest (HTTP POST)', httpInvocationRequest(), counts),
    measureMessage('InvocationResponse (200, "Hello, world!")', httpInvocationResponse(), counts),
  ];
  return { ...counts, messages };
}

function measureMessage(
  name: string,
  message: StreamingMessage,
  counts: { iterations: number; repeats: number; warmup: number },
): MessageCodecFigures {
  const Type = protobufjsType();
  const ourBytes = encodeStreamingMessage(message);
  // As protobufjs itself would hold it: a decoded message carries only the fields that are set.
  const theirMessage = Type.decode(ourBytes);
  const theirBytes = Type.encode(theirMessage).finish();
  const operations: Record<string, Operation> = {
    oursEncode: () => encodeStreamingMessage(message),
    oursDecode: () => decodeStreamingMessage(ourBytes),
    esEncode: () => toBinary(StreamingMessageSchema, message),
    esDecode: () => fromBinary(StreamingMessageSchema, ourBytes),
    theirsEncode: () => Type.encode(theirMessage).finish(),
    theirsDecode: () => Type.decode(ourBytes),
  };
  const pooledEncode: Operation = () => toBinary(StreamingMessageSchema, message);
  if (!equalBytes(withPooledWriterBuffer(pooledEncode) as Uint8Array, ourBytes)) {
    throw new Error('the pooled-writer experiment changed the encoding');
  }
  const ns = medians(
    { ...operations, pooledEncode: { run: pooledEncode, within: withPooledWriterBuffer } },
    counts,
  );
  const times = (prefix: string): CodecTimes => ({
    encodeNs: ns[`${prefix}Encode`]!,
    decodeNs: ns[`${prefix}Decode`]!,
  });
  const ours = times('ours');
  const protobufjs = times('theirs');
  return {
    message: name,
    bytes: { ours: ourBytes.byteLength, protobufjs: theirBytes.byteLength },
    ours,
    protobufEs: times('es'),
    pooledWriterEncodeNs: ns['pooledEncode']!,
    protobufjs,
    ratio: { encodeNs: ours.encodeNs / protobufjs.encodeNs, decodeNs: ours.decodeNs / protobufjs.decodeNs },
  };
}

/**
 * Warms every operation up, then runs them round-robin `repeats` times so drift in machine load hits all
 * alike, and returns each one's median ns per call.
 */
function medians(
  operations: Record<string, Operation | WrappedOperation>,
  counts: { iterations: number; repeats: number; warmup: number },
): Record<string, number> {
  const timed = (operation: Operation | WrappedOperation, iterations: number): number =>
    typeof operation === 'function'
      ? run(operation, iterations)
      : operation.within(() => run(operation.run, iterations));
  for (const operation of Object.values(operations)) timed(operation, counts.warmup);
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < counts.repeats; round++) {
    for (const [name, operation] of Object.entries(operations)) {
      (samples[name] ??= []).push(timed(operation, counts.iterations));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** Nanoseconds per call over `iterations` calls. */
function run(operation: Operation, iterations: number): number {
  let sink: unknown;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink = operation();
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === undefined) throw new Error('an operation returned nothing');
  return elapsed / iterations;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
