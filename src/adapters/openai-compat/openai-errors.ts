import type { HttpError } from "../../common/errors.js";
import { type ErrorWriter, jsonReply, reportedError } from "../../core/reply.js";

/** An error as OpenAI's API writes it; the SDKs raise their error class from the status alone. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** OpenAI's error types by status; `code` keeps the service's own, finer type (`budget_exceeded`...). */
function openAIType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

export function openAIErrorBody(error: HttpError): OpenAIErrorBody {
  return {
    error: {
      message: error.publicMessage,
      type: openAIType(error.statusCode),
      param: error.param ?? null,
      code: error.type,
    },
  };
}

/**
 * Errors in OpenAI's shape, the status (and Retry-After) kept: a whole answer, or, once a stream is
 * under way, a `data:` event carrying the error, which the SDKs raise as they read it.
 */
export const OPENAI_ERRORS: ErrorWriter = {
  reply(error, requestId, logger) {
    const httpError = reportedError(error, requestId, logger);
    return jsonReply(httpError.statusCode, openAIErrorBody(httpError), httpError.headers);
  },
  event(error, requestId, logger) {
    return { data: openAIErrorBody(reportedError(error, requestId, logger)) };
  },
};
