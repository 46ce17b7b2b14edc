import OpenAI from "openai";
import {
  BadRequestError,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnprocessableEntityError,
  UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from "../errors.js";
import { redactSecrets } from "../secret.js";

/** The wait an upstream answer asks for (`retry-after-ms`, else `retry-after` in seconds or as a date). */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const millis = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(millis) && millis >= 0) return millis;
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** A rate limit without a stated wait is retried after this long. */
const DEFAULT_RETRY_AFTER_SECONDS = 20;

/** Enough of an upstream's explanation to act on; some quote the whole request back. */
const MAX_UPSTREAM_MESSAGE = 500;

/** What the model service said about a request it refused, scrubbed of secrets and bounded. */
function upstreamMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const detail = (error.error as { message?: unknown } | undefined)?.message;
  const text = typeof detail === "string" && detail !== "" ? detail : error.message;
  const scrubbed = redactSecrets(text.slice(0, 4 * MAX_UPSTREAM_MESSAGE));
  return scrubbed.length > MAX_UPSTREAM_MESSAGE ? `${scrubbed.slice(0, MAX_UPSTREAM_MESSAGE)}...` : scrubbed;
}

/**
 * The model service's 4xx that are the caller's to fix (a bad tool schema, an unknown model, a body
 * too long for the model): the same status, with the service's own explanation.
 */
function callersFault(error: InstanceType<typeof OpenAI.APIError>): HttpError | undefined {
  const message = `The model service refused the request: ${upstreamMessage(error)}`;
  switch (error.status) {
    case 400:
      return new BadRequestError(message, { cause: error });
    case 404:
      return new NotFoundError(message, { cause: error });
    case 413:
      return new PayloadTooLargeError(message, { cause: error });
    case 422:
      return new UnprocessableEntityError(message, { cause: error });
    default:
      return undefined;
  }
}

/** The codes of a connection that broke: Node's sockets', and undici's (the global fetch's). */
const BROKEN_CONNECTION_CODES: ReadonlySet<unknown> = new Set([
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "UND_ERR_SOCKET",
]);

function hasSocketCode(error: unknown): boolean {
  return error instanceof Error && BROKEN_CONNECTION_CODES.has((error as { code?: unknown }).code);
}

/**
 * A body whose connection broke after the headers came, as its reader reports it: the socket's
 * error (ECONNRESET, from a streamed body), or fetch's TypeError ("terminated") caused by one.
 */
function isBrokenConnection(error: unknown): boolean {
  return hasSocketCode(error) || (error instanceof TypeError && hasSocketCode(error.cause));
}

/**
 * Maps what the model call threw onto the service's error tree, by SDK error class (subclasses
 * included), never by exact type. Errors that are not about the upstream pass through unchanged.
 * The model service's failures are marked `fromUpstream`; the caller's faults it refuses are not,
 * as our own refusals of them are not.
 * Our own credentials being refused (401, 403) stays a 502: the caller cannot fix it, and the
 * service's message may quote the key.
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
      (retryAfterMs(error.headers) ?? DEFAULT_RETRY_AFTER_SECONDS * 1000) / 1000,
      { cause: error, fromUpstream: true },
    );
  if (error instanceof OpenAI.APIError) {
    const wait = retryAfterMs(error.headers);
    if (error.status === 503 && wait !== undefined)
      return new UpstreamUnavailableError("The model service is unavailable for a while", wait / 1000, {
        cause: error,
      });
    return (
      callersFault(error) ??
      new UpstreamError(`The model service answered with status ${error.status ?? "unknown"}`, {
        cause: error,
      })
    );
  }
  if (error instanceof SyntaxError)
    return new UpstreamError("The model service sent a body that is not JSON", { cause: error });
  if (isBrokenConnection(error))
    return new UpstreamError("The model service's answer broke off", { cause: error });
  return error;
}
