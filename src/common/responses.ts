import type { APIGatewayProxyResult } from "aws-lambda";
import { HttpError, InternalError } from "./errors.js";
import { logger } from "./logger.js";

/**
 * Lambda proxy integrations must send CORS headers themselves; API Gateway (and the local server) only
 * answer the OPTIONS preflight.
 */
export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Retry-After, X-Request-Id",
};

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { "Content-Type": "application/json; charset=utf-8", ...CORS_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** The one place where any error becomes a response. Unknown errors are bugs: logged in full, shown as 500. */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  const httpError =
    error instanceof HttpError ? error : new InternalError("Unexpected error", { cause: error });
  const logDetails = { requestId, statusCode: httpError.statusCode, type: httpError.type };
  if (httpError.statusCode >= 500) {
    logger.error(httpError.message, { ...logDetails, error: httpError.cause ?? httpError });
  } else {
    logger.info(httpError.message, logDetails);
  }
  return jsonResponse(httpError.statusCode, httpError.toJSON(requestId), {
    ...httpError.headers,
    "X-Request-Id": requestId,
  });
}
