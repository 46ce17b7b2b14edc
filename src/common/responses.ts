import type { APIGatewayProxyResult } from "aws-lambda";
import { HttpError, InternalError } from "./errors.js";
import { logger } from "./logger.js";
import { redactSecrets } from "./secret.js";

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

/** The one place where any error becomes a response. Unknown errors are bugs: logged in full, shown as 500. */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
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
  return jsonResponse(httpError.statusCode, httpError.toJSON(requestId), {
    ...httpError.headers,
    "X-Request-Id": requestId,
  });
}
