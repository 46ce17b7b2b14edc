/** The admin key's header (`GET /usage?scope=all`). */
export const ADMIN_KEY_HEADER = "X-Admin-Key";

/**
 * CORS, once for every door: the local server's preflight, and API Gateway's preflights and own
 * error answers (scripts/openapi-aws.ts) write these same values.
 */
export const CORS = {
  /** The request headers a page on another origin may send: every header the API reads. */
  allowHeaders: ["Content-Type", "X-Api-Key", "Authorization", "Accept", ADMIN_KEY_HEADER].join(", "),
  /** The answer's headers its script may read: when to retry, and the id to quote. */
  exposeHeaders: "Retry-After, X-Request-Id",
  maxAgeSeconds: "600",
} as const;

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
          "Access-Control-Expose-Headers": CORS.exposeHeaders,
        }),
    ...(requestId === undefined ? {} : { "X-Request-Id": requestId }),
  };
}

/** The CORS preflight answer's headers. */
export function preflightHeaders(allowOrigin: string): Record<string, string> {
  return {
    ...commonHeaders(allowOrigin),
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": CORS.allowHeaders,
    "Access-Control-Max-Age": CORS.maxAgeSeconds,
  };
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
