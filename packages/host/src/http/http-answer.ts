import type { ServerResponse } from 'node:http';

/** Why the front end answers with an error of its own; the status each gets is decided in one place here. */
export type FailureReason = 'failure' | 'cancelled' | 'timeout' | 'worker-lost' | 'unavailable' | 'proxy';

const FAILURE_STATUS: Readonly<Record<FailureReason, number>> = {
  failure: 500,
  cancelled: 500,
  'worker-lost': 500,
  // As the reference host: its FunctionTimeoutException is a function failure, which it answers with 500.
  timeout: 500,
  unavailable: 503,
  proxy: 502,
};

const FAILURE_TEXT: Readonly<Record<FailureReason, string>> = {
  failure: 'The function failed.',
  cancelled: 'The invocation was cancelled.',
  'worker-lost': 'The worker running the function stopped.',
  timeout: 'The function did not finish within functionTimeout.',
  unavailable: 'No worker can run the function right now.',
  proxy: 'The worker did not answer the forwarded request.',
};

/**
 * Sends a small answer unless one was already started; when headers are out already the connection is cut so
 * the client sees the failure instead of waiting. Returns false when nothing could be sent.
 */
export function answer(
  response: ServerResponse,
  status: number,
  body = '',
  headers: Readonly<Record<string, string>> = {},
): boolean {
  if (response.headersSent || response.destroyed) {
    if (!response.writableEnded) response.destroy();
    return false;
  }
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
  return true;
}

/** Answers a failed invocation with its status and `{"error", "errorId"}`, never the exception text. */
export function answerFailure(response: ServerResponse, reason: FailureReason, errorId: string): boolean {
  const body = JSON.stringify({ error: FAILURE_TEXT[reason], errorId });
  return answer(response, FAILURE_STATUS[reason], body, {
    'content-type': 'application/json; charset=utf-8',
    // No worker now (restarting, or waiting after its restart budget was spent): worth asking again soon.
    ...(reason === 'unavailable' ? { 'retry-after': '1' } : {}),
  });
}
