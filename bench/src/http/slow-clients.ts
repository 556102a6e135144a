import { connect, type Socket } from 'node:net';

/**
 * Clients that send their request headers a line at a time, one line a second, and never finish them: each
 * holds a connection for as long as the server lets it. A closed one is replaced, so `count` stay connected.
 */
export class SlowClients {
  readonly #sockets = new Set<Socket>();
  readonly #url: URL;
  readonly #timer: NodeJS.Timeout;
  #stopped = false;
  /** Connections the server closed. */
  closedByServer = 0;

  constructor(url: string, count: number) {
    this.#url = new URL(url);
    for (let i = 0; i < count; i++) this.#open();
    this.#timer = setInterval(() => {
      for (const socket of this.#sockets) socket.write('x-slow: 1\r\n');
    }, 1000);
  }

  /** Connections open now. */
  get open(): number {
    return this.#sockets.size;
  }

  /** Closes every connection; none is replaced after this. */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  #open(): void {
    const socket = connect(Number(this.#url.port), this.#url.hostname, () =>
      socket.write(`GET ${this.#url.pathname} HTTP/1.1\r\nhost: ${this.#url.host}\r\n`),
    );
    socket.on('error', () => undefined);
    socket.resume();
    this.#sockets.add(socket);
    socket.on('close', () => {
      this.#sockets.delete(socket);
      if (this.#stopped) return;
      this.closedByServer++;
      this.#open();
    });
  }
}

/** Opens one slow client and resolves with how long the server let it hold its connection, in ms. */
export function slowHeaderHold(url: string, giveUpMs: number): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const opened = performance.now();
    const socket = connect(Number(target.port), target.hostname, () =>
      socket.write(`GET ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\n`),
    );
    const tick = setInterval(() => socket.write('x-slow: 1\r\n'), 1000);
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('error', () => undefined);
    socket.resume();
    socket.on('close', () => {
      clearInterval(tick);
      clearTimeout(giveUp);
      resolve(performance.now() - opened);
    });
  });
}
