import { ClientClosedError, type HttpError, UpstreamTimeoutError } from "../errors.js";

/**
 * One request's time for the model service, shared by every attempt, retry and tool round: each call
 * gets what is left, and its signal aborts the call in flight when the time is spent or the client has
 * gone.
 */
export class Deadline {
  readonly #at: number;
  readonly #budgetMs: number;
  readonly #clientGone: AbortSignal;
  /** Aborted when the time is spent or the client has gone: passed to every upstream call. */
  readonly signal: AbortSignal;

  constructor(
    budgetMs: number,
    clientGone: AbortSignal,
    /** Retries of a failed call the time may hold, at most. */
    readonly maxRetries: number,
  ) {
    this.#budgetMs = budgetMs;
    this.#at = Date.now() + budgetMs;
    this.#clientGone = clientGone;
    this.signal = AbortSignal.any([clientGone, AbortSignal.timeout(budgetMs)]);
  }

  remainingMs(): number {
    return Math.max(0, this.#at - Date.now());
  }

  get clientGone(): boolean {
    return this.#clientGone.aborted;
  }

  /** Why nothing more can be asked: the client left, or the time is spent. */
  endedError(cause?: unknown): HttpError {
    const options = cause === undefined ? undefined : { cause };
    return this.clientGone
      ? new ClientClosedError("The client left before the model service answered.", options)
      : new UpstreamTimeoutError(
          `The model service did not answer within this request's ${this.#budgetMs} ms`,
          options,
        );
  }
}

/** What the settings give a request: the buffered or the streamed budget, and the retries. */
export interface DeadlineSettings {
  OPENAI_TIMEOUT_MS: number;
  OPENAI_STREAM_TIMEOUT_MS: number;
  OPENAI_MAX_RETRIES: number;
}

/**
 * The deadline of one chat request: an answer sent whole must be done before API Gateway's 29 s
 * (OPENAI_TIMEOUT_MS is validated below it); a streamed one has its own, longer budget.
 */
export function requestDeadline(
  request: { wantsStream: boolean; signal: AbortSignal },
  settings: DeadlineSettings,
): Deadline {
  const budget = request.wantsStream ? settings.OPENAI_STREAM_TIMEOUT_MS : settings.OPENAI_TIMEOUT_MS;
  return new Deadline(budget, request.signal, settings.OPENAI_MAX_RETRIES);
}
