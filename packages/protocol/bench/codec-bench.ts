/**
 * Codec speed: CPU nanoseconds per encode and per decode of the invocation messages (an HTTP request and its
 * response, a storage-queue request and its response) for this package's codec, for protobuf-es's reflective
 * codec and for protobufjs loading the same .proto files, measured in the same run. Returns plain data;
 * `codec.bench.ts` prints it.
 *
 * Time is the process's CPU time (`process.cpuUsage`), not wall time, so that time the machine gives to other
 * processes does not count; both codecs decode the same Node Buffer, as gRPC hands it over, and encode to a
 * Buffer, as gRPC sends it.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { encodeStreamingMessageToBuffer } from '../src/codec/streaming-message-codec.js';
import { StreamingMessageSchema, decodeStreamingMessage, type StreamingMessage } from '../src/index.js';
import { protobufjsType } from '../src/testing/protobufjs-codec.js';
import { httpInvocationRequest, httpInvocationResponse } from './http-invocation.js';
import { queueInvocationRequest, queueInvocationResponse } from './queue-invocation.js';

/** How hard to measure. */
export interface CodecBenchOptions {
  /** Tiny counts that finish well under a second, to prove the benchmark runs. */
  readonly smoke?: boolean;
}

/** Median CPU nanoseconds per operation of one codec. */
export interface CodecTimes {
  readonly encodeNs: number;
  readonly decodeNs: number;
}

/** The figures for one message. */
export interface MessageCodecFigures {
  /** Short name, such as `InvocationRequest (HTTP)`. */
  readonly message: string;
  /** Encoded size in bytes by each codec. */
  readonly bytes: { readonly ours: number; readonly protobufjs: number };
  /** Whether protobufjs wrote exactly our bytes (both write fields in number order, maps in insertion order). */
  readonly sameBytes: boolean;
  /** `encodeStreamingMessageToBuffer` / `decodeStreamingMessage`: the generated codec the transport uses. */
  readonly ours: CodecTimes;
  /** protobuf-es `toBinary` / `fromBinary` alone: the reflective codec (the fallback for other messages). */
  readonly protobufEs: CodecTimes;
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
type Counts = { iterations: number; repeats: number; warmup: number };

/** Measures every message with every codec; see the module comment. */
export function measureCodec(options: CodecBenchOptions = {}): CodecFigures {
  const counts = options.smoke
    ? { iterations: 100, repeats: 3, warmup: 50 }
    : { iterations: 20_000, repeats: 15, warmup: 20_000 };
  const messages = [
    measureMessage('InvocationRequest (HTTP)', httpInvocationRequest(), counts),
    measureMessage('InvocationResponse (HTTP)', httpInvocationResponse(), counts),
    measureMessage('InvocationRequest (queue)', queueInvocationRequest(), counts),
    measureMessage('InvocationResponse (queue)', queueInvocationResponse(), counts),
  ];
  return { ...counts, messages };
}

function measureMessage(name: string, message: StreamingMessage, counts: Counts): MessageCodecFigures {
  const Type = protobufjsType();
  const ourBytes = encodeStreamingMessageToBuffer(message);
  if (!ourBytes.equals(toBinary(StreamingMessageSchema, message))) {
    throw new Error(`${name}: the generated encoder and protobuf-es wrote different bytes`);
  }
  // As protobufjs itself would hold it: a decoded message carries only the fields that are set.
  const theirMessage = Type.decode(ourBytes);
  const theirBytes = Type.encode(theirMessage).finish();
  const ns = medians(
    {
      oursEncode: () => encodeStreamingMessageToBuffer(message),
      oursDecode: () => decodeStreamingMessage(ourBytes),
      esEncode: () => toBinary(StreamingMessageSchema, message),
      esDecode: () => fromBinary(StreamingMessageSchema, ourBytes),
      theirsEncode: () => Type.encode(theirMessage).finish(),
      theirsDecode: () => Type.decode(ourBytes),
    },
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
    sameBytes: Buffer.from(theirBytes).equals(ourBytes),
    ours,
    protobufEs: times('es'),
    protobufjs,
    ratio: { encodeNs: ours.encodeNs / protobufjs.encodeNs, decodeNs: ours.decodeNs / protobufjs.decodeNs },
  };
}

/**
 * Warms every operation up, then runs them round-robin `repeats` times so drift in machine load hits all
 * alike, and returns each one's median CPU ns per call.
 */
function medians(operations: Record<string, Operation>, counts: Counts): Record<string, number> {
  for (const operation of Object.values(operations)) run(operation, counts.warmup);
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < counts.repeats; round++) {
    for (const [name, operation] of Object.entries(operations)) {
      (samples[name] ??= []).push(run(operation, counts.iterations));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** CPU nanoseconds per call over `iterations` calls. */
function run(operation: Operation, iterations: number): number {
  let sink: unknown;
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) sink = operation();
  const used = process.cpuUsage(start);
  if (sink === undefined) throw new Error('an operation returned nothing');
  return ((used.user + used.system) * 1000) / iterations;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
