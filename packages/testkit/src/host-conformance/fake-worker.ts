import type { Socket } from 'node:net';
import {
  decodeStreamingMessage,
  encodeStreamingMessage,
  isMessageOf,
  streamingMessage,
  type MessageKind,
  type MessagePayload,
  type MessagePayloadInit,
  type StreamingMessage,
  type StreamingMessageOf,
} from '@functions-rpc/protocol';
import { frameLine, readFrames, type RelayCommand, type RelayEvent } from './relay-frames.js';

/** What the stand-in worker process was started with. */
export interface WorkerLaunchSeen {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly pid: number;
}

/** How the host ended the stream, when it did. */
export interface StreamStatus {
  readonly code: number;
  readonly details: string;
}

type Listener = (message: StreamingMessage) => void;

/**
 * The kit's side of one stand-in worker process: what the host sent it, and the means to answer (or not)
 * as a correct or a broken worker would. Messages go through the relay as bytes.
 */
export class FakeWorker {
  readonly launch: WorkerLaunchSeen;
  /** Every message the host sent, in order. */
  readonly received: StreamingMessage[] = [];
  /** Bytes from the host that did not decode. */
  readonly unreadable: string[] = [];
  /** Resolves when the process is gone (its control channel closed). */
  readonly gone: Promise<void>;
  /** Resolves when the host ended the stream, with its gRPC status. */
  readonly streamStatus: Promise<StreamStatus>;

  readonly #socket: Socket;
  readonly #listeners = new Set<Listener>();
  #resolveStatus!: (status: StreamStatus) => void;

  constructor(
    socket: Socket,
    launch: WorkerLaunchSeen,
    onEvent: (handler: (event: RelayEvent) => void) => void,
  ) {
    this.#socket = socket;
    this.launch = launch;
    this.gone = new Promise((resolve) => socket.on('close', () => resolve()));
    this.streamStatus = new Promise((resolve) => (this.#resolveStatus = resolve));
    onEvent((event) => this.#event(event));
  }

  /** The value of a command-line flag, such as `--functions-worker-id`. */
  flag(name: string): string | undefined {
    const at = this.launch.argv.indexOf(name);
    return at >= 0 ? this.launch.argv[at + 1] : undefined;
  }

  /** The worker id the host gave, in either argument style. */
  get workerId(): string {
    return this.flag('--functions-worker-id') ?? this.flag('--workerId') ?? '';
  }

  onMessage(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  send<K extends MessageKind>(kind: K, payload: MessagePayloadInit<K>, requestId = ''): void {
    this.sendBytes(encodeStreamingMessage(streamingMessage(kind, payload, requestId)));
  }

  /** Puts bytes on the stream as one gRPC message, readable or not. */
  sendBytes(bytes: Uint8Array): void {
    this.#command({ t: 'send', b64: Buffer.from(bytes).toString('base64') });
  }

  /** Ends the worker's side of the stream. */
  endStream(): void {
    this.#command({ t: 'end' });
  }

  /** Makes the process exit at once with `code`, as a crash would. */
  exit(code: number): void {
    this.#command({ t: 'exit', code });
  }

  /** The next message of `kind` (among those already received, or to come) that satisfies `match`. */
  waitFor<K extends MessageKind>(
    kind: K,
    timeoutMs: number,
    match: (payload: MessagePayload<K>, message: StreamingMessage) => boolean = () => true,
  ): Promise<StreamingMessageOf<K>> {
    const matches = (message: StreamingMessage): message is StreamingMessageOf<K> =>
      isMessageOf(message, kind) && match((message.content as { value: MessagePayload<K> }).value, message);
    const seen = this.received.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`the host sent no ${kind} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const stop = this.onMessage((message) => {
        if (!matches(message)) return;
        clearTimeout(timer);
        stop();
        resolve(message);
      });
    });
  }

  #command(command: RelayCommand): void {
    if (!this.#socket.destroyed) this.#socket.write(frameLine(command));
  }

  #event(event: RelayEvent): void {
    if (event.t === 'status') {
      this.#resolveStatus({ code: event.code, details: event.details });
      return;
    }
    if (event.t !== 'msg') return;
    let message: StreamingMessage;
    try {
      message = decodeStreamingMessage(Buffer.from(event.b64, 'base64'));
    } catch (error) {
      this.unreadable.push((error as Error).message);
      return;
    }
    this.received.push(message);
    for (const listener of this.#listeners) listener(message);
  }
}

/** Waits for a relay's hello on a fresh control connection and wraps the connection. */
export function acceptRelay(socket: Socket): Promise<FakeWorker> {
  return new Promise((resolve, reject) => {
    let handler: ((event: RelayEvent) => void) | undefined;
    const backlog: RelayEvent[] = [];
    let worker: FakeWorker | undefined;
    socket.on(
      'data',
      readFrames<RelayEvent>((event) => {
        if (!worker) {
          if (event.t !== 'hello') return;
          worker = new FakeWorker(socket, event, (h) => {
            handler = h;
            for (const queued of backlog.splice(0)) h(queued);
          });
          resolve(worker);
          return;
        }
        if (handler) handler(event);
        else backlog.push(event);
      }),
    );
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('the stand-in worker closed before saying hello')));
  });
}
