import type { Server } from 'node:http';

/** The HTTP front end's deliberate resource limits. */
export interface HttpLimits {
  /** Open client connections at most; further ones are closed at once. */
  readonly maxConnections: number;
  /** Time a client has to send its request headers; 0 for none. */
  readonly headersTimeoutMs: number;
  /** Time a client has to send its whole request, body included; 0 for none. */
  readonly requestTimeoutMs: number;
  /**
   * Request body bytes held in memory at once, summed over all requests whose body is read whole (RpcHttp);
   * a request that would pass it gets 503 with Retry-After. Bodies forwarded to a worker's HttpUri are
   * streamed and not counted.
   */
  readonly maxRequestBytesInFlight: number;
}

/** The limits when neither host.json nor the options set them. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxConnections: 2048,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  maxRequestBytesInFlight: 256 * 1024 * 1024,
};

/** How often Node checks connections against the header and request timeouts (its default is 30 s). */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;

/** Applies the connection cap and the timeouts to a node:http server (allowed while it listens). */
export function applyServerLimits(server: Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
}

/**
 * Counts body bytes held in memory against {@link HttpLimits.maxRequestBytesInFlight}: a request takes bytes
 * as its body is declared or arrives and gives them all back once it is answered.
 */
export class BytesInFlight {
  #limit: number;
  #held = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Bytes held now. */
  get held(): number {
    return this.#held;
  }

  /** Changes the limit (a restarted app may set another); bytes held stay held. */
  setLimit(limit: number): void {
    this.#limit = limit;
  }

  /** Takes `bytes` if the budget allows; false (and nothing taken) when it does not. */
  take(bytes: number): boolean {
    if (this.#held + bytes > this.#limit) return false;
    this.#held += bytes;
    return true;
  }

  /** Gives back what {@link take} took. */
  give(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }
}
