import type { Logger } from "@aws-lambda-powertools/logger";
import { type ErrorBody, HttpError, InternalError } from "../common/errors.js";
import { redactSecrets } from "../common/secret.js";
import type { StreamEvent } from "../common/streaming/sse.js";

/** An answer sent whole: a status, a JSON body, and the headers that belong to this answer alone. */
export interface JsonReply {
  kind: "json";
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Work left once the reply has reached the client (settling its usage); never throws. */
  afterSent?: () => Promise<void>;
}

/** An answer sent as server-sent events, as they come; an error before the first one is still a JsonReply. */
export interface EventsReply {
  kind: "events";
  events: AsyncIterable<StreamEvent>;
  /** As on JsonReply: run once the last event is written, or the reader has gone. */
  afterSent?: () => Promise<void>;
}

/** What the core answers; each adapter writes it back in its own transport's format. */
export type Reply = JsonReply | EventsReply;

export function jsonReply(status: number, body: unknown, headers?: Record<string, string>): JsonReply {
  return headers ? { kind: "json", status, body, headers } : { kind: "json", status, body };
}

/**
 * What of an error goes to the log: its kind, message, status and stack, with any secret scrubbed.
 * Upstream error bodies can quote the request (some proxies echo the bearer key).
 */
function describeForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: redactSecrets(String(error)) };
  const status = (error as { status?: unknown }).status;
  return {
    name: error.name,
    message: redactSecrets(error.message),
    ...(typeof status === "number" ? { status } : {}),
    ...(error.stack ? { stack: redactSecrets(error.stack) } : {}),
    ...(error.cause !== undefined ? { cause: describeForLog(error.cause) } : {}),
  };
}

/**
 * The error as the client may see it, logged once: unknown errors are bugs, logged in full, shown as
 * 500. For the rare failure that can no longer be answered (the response already under way), the log
 * line is all there is.
 */
export function reportedError(error: unknown, requestId: string, logger: Logger): HttpError {
  const httpError =
    error instanceof HttpError ? error : new InternalError("Unexpected error", { cause: error });
  const logDetails = { requestId, statusCode: httpError.statusCode, type: httpError.type };
  if (httpError.statusCode >= 500) {
    logger.error(redactSecrets(httpError.message), {
      ...logDetails,
      error: describeForLog(httpError.cause ?? httpError),
    });
  } else {
    logger.info(httpError.message, logDetails);
  }
  return httpError;
}

/** The one place where any error becomes an answer. */
export function errorReply(error: unknown, requestId: string, logger: Logger): JsonReply {
  const httpError = reportedError(error, requestId, logger);
  return jsonReply(httpError.statusCode, httpError.toBody(requestId), httpError.headers);
}

/** An error after a streamed answer has begun: the same body an error reply has, sent as an event. */
export function errorEventData(error: unknown, requestId: string, logger: Logger): ErrorBody {
  return reportedError(error, requestId, logger).toBody(requestId);
}

/** How a door writes errors: a whole answer, and an event once a stream has begun. */
export interface ErrorWriter {
  reply(error: unknown, requestId: string, logger: Logger): JsonReply;
  event(error: unknown, requestId: string, logger: Logger): StreamEvent;
}

/** The service's own error shape: `{error: {type, message, request_id}}`, and an `error` event mid-stream. */
export const SERVICE_ERRORS: ErrorWriter = {
  reply: errorReply,
  event: (error, requestId, logger) => ({ event: "error", data: errorEventData(error, requestId, logger) }),
};
