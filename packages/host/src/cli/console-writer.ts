/** A stream the console writer can write to (process.stdout or process.stderr). */
export interface ConsoleStream {
  write(text: string): boolean;
}

/**
 * Gathers console lines and writes them with one call per event-loop turn instead of one per line: under load
 * the host logs several lines per request, and each write to a pipe is a system call of its own. Lines keep
 * their order, across streams too (switching stream writes out what was gathered first).
 */
export class ConsoleWriter {
  #stream: ConsoleStream | undefined;
  #text = '';
  #scheduled = false;
  readonly #flush = (): void => {
    this.#scheduled = false;
    this.flush();
  };

  /** Queues one line (a newline is added) for `stream`. */
  line(stream: ConsoleStream, line: string): void {
    if (this.#stream !== stream) this.flush();
    this.#stream = stream;
    this.#text += `${line}\n`;
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#flush);
  }

  /** Writes out what was gathered; call it before writing to the streams directly and before exiting. */
  flush(): void {
    if (this.#text === '' || !this.#stream) return;
    const text = this.#text;
    this.#text = '';
    this.#stream.write(text);
  }
}
