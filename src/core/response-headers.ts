/**
 * The headers every answer carries, whichever door it leaves by: CORS (a Lambda proxy integration
 * sends these itself; API Gateway and the local server only answer the OPTIONS preflight) and the
 * request id. `allowOrigin` is undefined when the settings could not be read: then no origin is
 * allowed rather than a guessed one.
 */
export function commonHeaders(allowOrigin: string | undefined, requestId?: string): Record<string, string> {
  return {
    ...(allowOrigin === undefined
      ? {}
      : {
          "Access-Control-Allow-Origin": allowOrigin,
          "Access-Control-Expose-Headers": "Retry-After, X-Request-Id",
        }),
    ...(requestId === undefined ? {} : { "X-Request-Id": requestId }),
  };
}

/** The CORS preflight answer's headers. */
export function preflightHeaders(allowOrigin: string): Record<string, string> {
  return {
    ...commonHeaders(allowOrigin),
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, X-Api-Key, Authorization, Accept",
    "Access-Control-Max-Age": "600",
  };
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
