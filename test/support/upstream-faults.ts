import type { APIGatewayProxyResult } from "aws-lambda";
import { expect } from "vitest";
import type { UpstreamBehaviour } from "./fake-upstream.js";

/**
 * What every chat handler must answer for each upstream fault (the API contract's statuses), shared by
 * the handler tests and the end-to-end tests so they check one table.
 */
export const UPSTREAM_FAULTS: [name: string, behaviour: UpstreamBehaviour, status: number, type: string][] = [
  ["500", { kind: "status", status: 500 }, 502, "upstream_error"],
  ["503", { kind: "status", status: 503 }, 502, "upstream_error"],
  ["429 with retry-after", { kind: "status", status: 429, retryAfterSeconds: 7 }, 429, "rate_limited"],
  ["401 (our key refused)", { kind: "status", status: 401 }, 502, "upstream_error"],
  ["403 (our key not allowed)", { kind: "status", status: 403 }, 502, "upstream_error"],
  ["400 (e.g. a bad tool schema)", { kind: "status", status: 400 }, 400, "invalid_request"],
  ["404 (unknown model)", { kind: "status", status: 404 }, 404, "not_found"],
  ["413 (too long for the model)", { kind: "status", status: 413 }, 413, "payload_too_large"],
  ["422 (unprocessable)", { kind: "status", status: 422 }, 422, "unprocessable_request"],
  ["garbage body", { kind: "garbage" }, 502, "upstream_error"],
  ["empty choices", { kind: "empty-choices" }, 502, "upstream_error"],
  ["connection reset", { kind: "reset" }, 502, "upstream_error"],
  ["hang beyond OPENAI_TIMEOUT_MS", { kind: "hang" }, 504, "upstream_timeout"],
];

/** The caller's own faults the model service reports reach the caller with the service's explanation. */
export function isCallersFault(status: number): boolean {
  return status >= 400 && status < 429;
}

/**
 * A handler's answer to a fault: the status and error type, Retry-After kept, no key and no stack;
 * the caller's own faults with the model service's message.
 */
export function expectMappedFault(
  result: APIGatewayProxyResult,
  status: number,
  type: string,
  secret: string,
): void {
  expect(result.statusCode).toBe(status);
  const body = JSON.parse(result.body) as { error: { type: string; message: string } };
  expect(body.error.type).toBe(type);
  if (isCallersFault(status))
    expect(body.error.message).toBe(
      `The model service refused the request: Fake upstream answered ${status}.`,
    );
  expect(result.body).not.toContain(secret);
  expect(result.body).not.toMatch(/at .*\.(ts|js):\d+/);
  if (status === 429) expect(result.headers?.["Retry-After"]).toBe("7");
}
