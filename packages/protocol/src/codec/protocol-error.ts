/**
 * Raised when bytes off the wire are not a valid `StreamingMessage`, or a message breaks a protocol rule.
 * `cause` holds the underlying decoder error, where there is one.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
