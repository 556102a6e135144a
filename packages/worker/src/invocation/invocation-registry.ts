import { ActiveInvocation, type InvocationResponseInit } from './active-invocation.js';

/** The reason invocations the host cancelled carry. */
const HOST_CANCELLED = 'The invocation was cancelled by the host.';

/** How many cancellations of not-yet-seen invocations are remembered (oldest forgotten first). */
const EARLY_CANCEL_LIMIT = 1024;

/**
 * The invocations in flight, by id: where InvocationCancel finds its invocation and where a
 * terminating worker finds what it must still answer.
 */
export class InvocationRegistry {
  readonly #active = new Map<string, ActiveInvocation>();
  readonly #cancelledEarly = new Set<string>();
  #idle: (() => void)[] = [];

  /** Registers a new invocation; one the host cancelled before sending it starts out cancelled. */
  start(invocationId: string, send: (response: InvocationResponseInit) => void): ActiveInvocation {
    const invocation = new ActiveInvocation(invocationId, send);
    if (this.#cancelledEarly.delete(invocationId)) invocation.cancel(HOST_CANCELLED);
    this.#active.set(invocationId, invocation);
    return invocation;
  }

  /** Removes an answered invocation. */
  finish(invocation: ActiveInvocation): void {
    if (this.#active.get(invocation.invocationId) !== invocation) return;
    this.#active.delete(invocation.invocationId);
    if (this.#active.size === 0 && this.#idle.length > 0) {
      const waiters = this.#idle;
      this.#idle = [];
      for (const resolve of waiters) resolve();
    }
  }

  /**
   * Cancels an invocation in flight on the host's behalf, or remembers the id in case its request is
   * still to come.
   *
   * @returns true when an invocation in flight was cancelled.
   */
  cancel(invocationId: string): boolean {
    const invocation = this.#active.get(invocationId);
    if (invocation) {
      invocation.cancel(HOST_CANCELLED);
      return true;
    }
    this.#cancelledEarly.add(invocationId);
    if (this.#cancelledEarly.size > EARLY_CANCEL_LIMIT) {
      const oldest = this.#cancelledEarly.values().next().value;
      if (oldest !== undefined) this.#cancelledEarly.delete(oldest);
    }
    return false;
  }

  /** The invocations in flight now. */
  active(): ActiveInvocation[] {
    return [...this.#active.values()];
  }

  /** Resolves once nothing is in flight, or after `timeoutMs`; true when idle. */
  async whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.#active.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.#idle.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([idle, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
