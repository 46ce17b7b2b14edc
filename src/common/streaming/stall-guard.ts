import { UpstreamTimeoutError } from "../errors.js";

/**
 * A timeout for a stream that has started: the model service's own timeout only covers the wait for
 * its answer to begin, so a stream that stops sending would otherwise hold the connection until the
 * function's own timeout. Only the wait for the next piece counts, not the time the reader takes.
 */
export class StallGuard {
  readonly #stalled = new AbortController();
  readonly #idleMs: number;

  constructor(idleMs: number) {
    this.#idleMs = idleMs;
  }

  /** The signal for the upstream call: the request's, or this guard's when the stream stalls. */
  signal(request: AbortSignal): AbortSignal {
    return AbortSignal.any([request, this.#stalled.signal]);
  }

  async *watch<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
    const iterator = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        const timer = setTimeout(() => this.#stalled.abort(), this.#idleMs);
        let step: IteratorResult<T>;
        try {
          step = await iterator.next();
        } catch (error) {
          throw this.#stalled.signal.aborted ? this.#stallError() : error;
        } finally {
          clearTimeout(timer);
        }
        if (step.done) break;
        yield step.value;
      }
    } finally {
      await iterator.return?.();
    }
    if (this.#stalled.signal.aborted) throw this.#stallError();
  }

  #stallError(): UpstreamTimeoutError {
    return new UpstreamTimeoutError(`The model service sent nothing for ${this.#idleMs} ms mid-answer`);
  }
}
