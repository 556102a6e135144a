import { MessageStream, type EventStreamCall } from '../stream/message-stream.js';

/** The host's end of one accepted EventStream: a {@link MessageStream} that knows which worker it is. */
export class WorkerStream extends MessageStream {
  /** The id the worker sent in StartStream, which the host had registered. */
  readonly workerId: string;
  /** StartStream's request_id (the Node and Python workers send their `--functions-request-id`). */
  readonly startRequestId: string;

  constructor(call: EventStreamCall, workerId: string, startRequestId: string) {
    super(call);
    this.workerId = workerId;
    this.startRequestId = startRequestId;
  }
}
