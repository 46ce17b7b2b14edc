/**
 * A queue between a producer that pushes as things happen and a consumer that iterates: for answers
 * made by a loop (tool rounds) rather than by one stream. The consumer leaving does not stop the
 * producer; that is what the request's abort signal is for.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #ended = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;

  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    this.#notify();
  }

  close(): void {
    this.#ended = true;
    this.#notify();
  }

  /** Ends the iteration with `error`, after the items already pushed. */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#failure = { error };
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.#items.length > 0) {
        yield this.#items.shift() as T;
        continue;
      }
      if (this.#failure) throw this.#failure.error;
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
