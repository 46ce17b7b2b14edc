import { setTimeout as sleep } from "node:timers/promises";
import OpenAI from "openai";
import { HttpError } from "../errors.js";
import type { Deadline } from "./deadline.js";
import { retryAfterMs, upstreamErrorFrom } from "./upstream-errors.js";

/** What each attempt passes to the SDK: the time left, the deadline's signal, and no retries of its own. */
export interface AttemptOptions {
  timeout: number;
  signal: AbortSignal;
  maxRetries: 0;
}

/** The SDK's backoff: 0.5 s doubling up to 8 s, with up to a quarter off so clients spread out. */
function backoffMs(retry: number): number {
  return Math.min(500 * 2 ** retry, 8_000) * (1 - Math.random() * 0.25);
}

/**
 * How long to wait before retrying the call that failed with `mapped` (the service's error, the SDK's
 * as its cause), or undefined when it is not worth retrying: what the SDK retries (connection errors,
 * 408, 409, 429, 5xx, unless the answer says `x-should-retry: false`), after the wait the answer
 * asks for, else the SDK's backoff. A timeout is not retried: it has used up the time.
 */
export function retryWaitMs(mapped: unknown, retry: number): number | undefined {
  const cause = mapped instanceof HttpError ? mapped.cause : undefined;
  if (cause instanceof OpenAI.APIConnectionTimeoutError || cause instanceof OpenAI.APIUserAbortError)
    return undefined;
  if (cause instanceof OpenAI.APIConnectionError) return backoffMs(retry);
  if (!(cause instanceof OpenAI.APIError) || cause.headers?.get("x-should-retry") === "false")
    return undefined;
  const status = cause.status ?? 0;
  if (status !== 408 && status !== 409 && status !== 429 && status < 500) return undefined;
  return retryAfterMs(cause.headers) ?? backoffMs(retry);
}

/** `work`, or the signal's reason once it aborts: a call that ignores its signal cannot outlast it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
}

/**
 * Runs an upstream call within the request's deadline, retrying it as the SDK would, but never past
 * the deadline: each attempt gets the time left, and a wait the model service asks for that would
 * outlast it is not waited for; its error (a 429 or 503 with the service's Retry-After) is answered
 * at once. `mapError` turns what the call threw into the service's error tree.
 */
export async function callUpstream<T>(
  deadline: Deadline,
  attempt: (options: AttemptOptions) => Promise<T>,
  mapError: (error: unknown) => unknown = upstreamErrorFrom,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    const timeout = Math.floor(deadline.remainingMs());
    if (timeout < 1 || deadline.clientGone) throw deadline.endedError();
    try {
      return await untilAborted(
        attempt({ timeout, signal: deadline.signal, maxRetries: 0 }),
        deadline.signal,
      );
    } catch (error) {
      if (deadline.signal.aborted) throw deadline.endedError(error);
      const mapped = mapError(error);
      const wait = retry < deadline.maxRetries ? retryWaitMs(mapped, retry) : undefined;
      if (wait === undefined || wait >= deadline.remainingMs()) throw mapped;
      await sleep(wait, undefined, { signal: deadline.signal }).catch(() => undefined);
    }
  }
}
