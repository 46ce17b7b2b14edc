import { redactSecrets } from "./secret.js";

/**
 * The one error tree of the service. Every error a handler can answer with is an HttpError; the
 * single place that turns errors into replies is `errorReply` in `../core/reply.ts`.
 *
 * As in middy's `expose` rule, only 4xx messages reach the client: a 5xx error carries a fixed public
 * message, and its own message (which may hold upstream or internal details) goes to the log only.
 */
export interface HttpErrorOptions extends ErrorOptions {
  /** The request field at fault, when there is one (OpenAI's error bodies name it as `param`). */
  param?: string;
  /** The model service failed or refused the call, whatever status the caller gets for it. */
  fromUpstream?: boolean;
}

export abstract class HttpError extends Error {
  abstract readonly statusCode: number;
  abstract readonly type: string;
  readonly headers: Record<string, string> = {};
  readonly param: string | undefined;
  /**
   * A failure of the model service (what the `UpstreamErrors` metric counts), marked where the call's
   * error is mapped, since its status cannot tell: an upstream's 429 is answered like our own throttle.
   */
  readonly fromUpstream: boolean;

  constructor(message: string, options?: HttpErrorOptions) {
    super(message, options);
    this.param = options?.param;
    this.fromUpstream = options?.fromUpstream ?? false;
  }

  get expose(): boolean {
    return this.statusCode < 500;
  }

  /** What the client may read. */
  get publicMessage(): string {
    return this.expose ? this.message : defaultPublicMessage(this.statusCode);
  }

  /** The JSON error body a client reads: a 4xx message can quote an upstream, so it is scrubbed. */
  toBody(requestId?: string): ErrorBody {
    return {
      error: {
        type: this.type,
        message: redactSecrets(this.publicMessage),
        ...(requestId ? { request_id: requestId } : {}),
      },
    };
  }

  /** What `JSON.stringify` makes of the error wherever it is nested: the public body, never the details. */
  toJSON(): ErrorBody {
    return this.toBody();
  }
}

export interface ErrorBody {
  error: { type: string; message: string; request_id?: string };
}

function defaultPublicMessage(statusCode: number): string {
  switch (statusCode) {
    case 502:
      return "The model service failed to give a usable answer. Try again shortly.";
    case 503:
      return "The service is not available right now. Try again shortly.";
    case 504:
      return "The model service did not answer in time. Try again, or ask for a shorter answer.";
    default:
      return "Internal server error.";
  }
}

export class BadRequestError extends HttpError {
  readonly statusCode = 400;
  readonly type = "invalid_request";
}

export class UnauthorizedError extends HttpError {
  readonly statusCode = 401;
  readonly type = "unauthorized";
}

export class ForbiddenError extends HttpError {
  readonly statusCode = 403;
  readonly type = "forbidden";
}

export class NotFoundError extends HttpError {
  readonly statusCode = 404;
  readonly type = "not_found";
}

export class MethodNotAllowedError extends HttpError {
  readonly statusCode = 405;
  readonly type = "method_not_allowed";
  constructor(message: string, allowed: readonly string[]) {
    super(message);
    this.headers.Allow = allowed.join(", ");
  }
}

export class ConflictError extends HttpError {
  readonly statusCode = 409;
  readonly type = "conflict";
}

export class PayloadTooLargeError extends HttpError {
  readonly statusCode = 413;
  readonly type = "payload_too_large";
}

/** The request is well formed but cannot be carried out as it stands (the model service's 422). */
export class UnprocessableEntityError extends HttpError {
  readonly statusCode = 422;
  readonly type = "unprocessable_request";
}

export class UnsupportedMediaTypeError extends HttpError {
  readonly statusCode = 415;
  readonly type = "unsupported_media_type";
}

/** An error that tells the caller when to try again: its `Retry-After`, in whole seconds (at least 1). */
export abstract class RetryLaterError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: HttpErrorOptions,
  ) {
    super(message, options);
    this.headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class TooManyRequestsError extends RetryLaterError {
  readonly statusCode = 429;
  readonly type = "rate_limited";
}

/**
 * The caller's request quota for the period (a usage plan's quota) is spent: unlike throttling,
 * waiting a moment does not help; it resets at the end of the period.
 */
export class QuotaExceededError extends RetryLaterError {
  readonly statusCode = 429;
  readonly type = "quota_exceeded";
}

/** The caller's token budget for the day or the month is spent: retry once the period resets. */
export class BudgetExceededError extends RetryLaterError {
  readonly statusCode = 429;
  readonly type = "budget_exceeded";
}

export const CLIENT_CLOSED_STATUS = 499;

/**
 * The client went away before it was answered (nginx's 499): nobody reads this answer, and it is no
 * failure of the service, so it is logged as information, not as an error.
 */
export class ClientClosedError extends HttpError {
  readonly statusCode = CLIENT_CLOSED_STATUS;
  readonly type = "client_closed";
}

export class InternalError extends HttpError {
  readonly statusCode = 500;
  readonly type = "internal_error";
}

export class UpstreamError extends HttpError {
  readonly statusCode = 502;
  readonly type = "upstream_error";
  override readonly fromUpstream = true;
}

export class UpstreamTimeoutError extends HttpError {
  readonly statusCode = 504;
  readonly type = "upstream_timeout";
  override readonly fromUpstream = true;
}

/** The model service is unavailable for a while it named (503 with Retry-After): the wait is passed on. */
export class UpstreamUnavailableError extends RetryLaterError {
  readonly statusCode = 503;
  readonly type = "upstream_unavailable";
  override readonly fromUpstream = true;
}

/**
 * The service cannot run as configured (invalid settings, a secret parameter it cannot read): not a
 * bug in the request or in the code, so 503, and the details go to the operator's log only.
 */
export class MisconfiguredError extends HttpError {
  readonly statusCode = 503;
  readonly type = "misconfigured";

  override get publicMessage(): string {
    return "The service is misconfigured; its operator can find the reason in the log.";
  }
}
