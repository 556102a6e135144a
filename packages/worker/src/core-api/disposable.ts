/** Something that releases a resource once, exported as `Disposable` by `@azure/functions-core`. */
export class Disposable {
  #onDispose: (() => unknown) | undefined;

  constructor(callOnDispose: () => unknown) {
    this.#onDispose = callOnDispose;
  }

  /** Combines several disposable-likes into one; async disposers are not awaited. */
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const disposable of disposables) {
        if (typeof disposable?.dispose === 'function') disposable.dispose();
      }
    });
  }

  /** Runs the dispose callback the first time only. */
  dispose(): unknown {
    const onDispose = this.#onDispose;
    this.#onDispose = undefined;
    return onDispose?.();
  }
}
