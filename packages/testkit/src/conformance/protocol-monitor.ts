import type { MessageKind, StreamingMessage } from '@functions-rpc/protocol';

/** Kinds only a host sends: a worker that sends one has the direction wrong. */
const HOST_KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>([
  'workerInitRequest',
  'functionsMetadataRequest',
  'functionLoadRequest',
  'functionLoadRequestCollection',
  'invocationRequest',
  'invocationCancel',
  'workerStatusRequest',
  'workerWarmupRequest',
  'workerTerminate',
  'functionEnvironmentReloadRequest',
  'closeSharedMemoryResourcesRequest',
  'fileChangeEventRequest',
]);

/** Each reply kind and the request kind it answers, counted one for one. */
const REPLY_TO: Partial<Record<MessageKind, MessageKind>> = {
  workerInitResponse: 'workerInitRequest',
  functionMetadataResponse: 'functionsMetadataRequest',
  functionLoadResponseCollection: 'functionLoadRequestCollection',
  functionEnvironmentReloadResponse: 'functionEnvironmentReloadRequest',
  workerWarmupResponse: 'workerWarmupRequest',
  closeSharedMemoryResourcesResponse: 'closeSharedMemoryResourcesRequest',
};

/** A message the worker should not have sent, and why. */
export interface Violation {
  readonly reason: string;
  readonly message: StreamingMessage;
}

/**
 * Watches a worker's messages against what was sent to it: a reply nobody asked for, a second response to
 * one invocation, a response for an invocation or function it never got, or a message of a kind only a host
 * sends. Every scenario fails when its worker did any of these.
 */
export class ProtocolMonitor {
  readonly violations: Violation[] = [];

  readonly #sent: readonly StreamingMessage[];
  #seen = 0;
  readonly #requests = new Map<MessageKind, number>();
  readonly #replies = new Map<MessageKind, number>();
  readonly #invocations = new Set<string>();
  readonly #answered = new Set<string>();
  readonly #loads = new Map<string, number>();
  readonly #statusIds = new Set<string>();

  /** @param sent the list the driver appends every outgoing message to. */
  constructor(sent: readonly StreamingMessage[]) {
    this.#sent = sent;
  }

  /** Checks one message from the worker against everything sent so far. */
  observe(message: StreamingMessage): void {
    this.#catchUp();
    const reason = this.#judge(message);
    if (reason) this.violations.push({ reason, message });
  }

  #judge(message: StreamingMessage): string | undefined {
    const { content } = message;
    switch (content.case) {
      case undefined: {
        const fields = (message.$unknown ?? []).map((field) => field.no);
        return fields.length > 0
          ? `a message of a kind the protocol does not define (field ${fields.join(', ')})`
          : 'an empty message (no kind set)';
      }
      case 'startStream':
        return 'a second StartStream on an open stream';
      case 'rpcLog':
      case 'workerHeartbeat':
      case 'workerActionResponse':
        return undefined;
      case 'invocationResponse': {
        const id = content.value.invocationId;
        if (!this.#invocations.has(id))
          return `an InvocationResponse for invocation '${id}', which it never got`;
        if (this.#answered.has(id)) return `a second InvocationResponse for invocation '${id}'`;
        this.#answered.add(id);
        return undefined;
      }
      case 'functionLoadResponse': {
        const id = content.value.functionId;
        const open = this.#loads.get(id) ?? 0;
        if (open === 0) return `a FunctionLoadResponse for function '${id}', which no load request named`;
        this.#loads.set(id, open - 1);
        return undefined;
      }
      case 'workerStatusResponse':
        if (!this.#statusIds.delete(message.requestId))
          return `a WorkerStatusResponse with request_id '${message.requestId}', which no status request carried`;
        return undefined;
      default:
        if (HOST_KINDS.has(content.case)) return `a ${content.case}, which only a host sends`;
        return this.#countReply(content.case);
    }
  }

  #countReply(kind: MessageKind): string | undefined {
    const request = REPLY_TO[kind];
    if (!request) return undefined;
    const replies = (this.#replies.get(kind) ?? 0) + 1;
    this.#replies.set(kind, replies);
    if (replies > (this.#requests.get(request) ?? 0))
      return `a ${kind} with no ${request} left to answer (${replies} replies to ${this.#requests.get(request) ?? 0} requests)`;
    return undefined;
  }

  #catchUp(): void {
    for (; this.#seen < this.#sent.length; this.#seen++) this.#record(this.#sent[this.#seen]!);
  }

  #record(message: StreamingMessage): void {
    const { content } = message;
    if (!content.case) return;
    this.#requests.set(content.case, (this.#requests.get(content.case) ?? 0) + 1);
    if (content.case === 'invocationRequest') this.#invocations.add(content.value.invocationId);
    if (content.case === 'functionLoadRequest') this.#openLoad(content.value.functionId);
    if (content.case === 'functionLoadRequestCollection')
      for (const load of content.value.functionLoadRequests) this.#openLoad(load.functionId);
    if (content.case === 'workerStatusRequest') this.#statusIds.add(message.requestId);
  }

  #openLoad(functionId: string): void {
    this.#loads.set(functionId, (this.#loads.get(functionId) ?? 0) + 1);
  }
}
