import OpenAI from "openai";
import { HttpError, TooManyRequestsError, UpstreamError, UpstreamTimeoutError } from "../errors.js";

function retryAfterSeconds(headers: Headers | undefined): number {
  const value = headers?.get("retry-after");
  const seconds = value ? Number(value) : Number.NaN;
  if (Number.isFinite(seconds) && seconds > 0) return seconds;
  const date = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(date) ? Math.max(1, (date - Date.now()) / 1000) : 20;
}

/**
 * Maps what the model call threw onto the service's error tree, by SDK error class (subclasses
 * included), never by exact type. Errors that are not about the upstream pass through unchanged.
 */
export function upstreamErrorFrom(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  // Timeout before connection errors: it is a subclass of APIConnectionError.
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError)
    return new UpstreamTimeoutError("The model service did not answer in time", { cause: error });
  if (error instanceof OpenAI.APIConnectionError)
    return new UpstreamError(`Cannot reach the model service: ${error.message}`, { cause: error });
  if (error instanceof OpenAI.RateLimitError)
    return new TooManyRequestsError(
      "The model service is rate limiting this API; retry after the indicated time.",
      retryAfterSeconds(error.headers),
    );
  if (error instanceof OpenAI.APIError)
    return new UpstreamError(`The model service answered with status ${error.status ?? "unknown"}`, {
      cause: error,
    });
  if (error instanceof SyntaxError)
    return new UpstreamError("The model service sent a body that is not JSON", { cause: error });
  return error;
}

/** Runs one upstream call, translating its failures. */
export async function callUpstream<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw upstreamErrorFrom(error);
  }
}
