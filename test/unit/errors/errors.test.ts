import { describe, expect, it } from "vitest";
import { proxyResult } from "../../../src/adapters/rest-proxy/proxy-result.js";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  HttpError,
  InternalError,
  MethodNotAllowedError,
  MisconfiguredError,
  NotFoundError,
  PayloadTooLargeError,
  QuotaExceededError,
  TooManyRequestsError,
  UnauthorizedError,
  UpstreamError,
  UpstreamTimeoutError,
} from "../../../src/common/errors.js";
import { SettingsError } from "../../../src/common/settings/index.js";
import { SecretParameterError } from "../../../src/common/settings/ssm-secrets.js";
import { errorReply } from "../../../src/core/reply.js";
import { createLogger } from "../../../src/services/logger.js";

const logger = createLogger({ LOG_LEVEL: "SILENT", DEBUG_MODE: false });

const STACK_FRAME = /\n\s+at |\bat .*\.(ts|js):\d+|\/src\/|node_modules|file:\/\//;

describe("HttpError tree", () => {
  it.each([
    [new BadRequestError("temperature: too high"), 400, "invalid_request"],
    [new UnauthorizedError("no key"), 401, "unauthorized"],
    [new ForbiddenError("bad key"), 403, "forbidden"],
    [new NotFoundError("no route"), 404, "not_found"],
    [new MethodNotAllowedError("GET not allowed", ["POST", "OPTIONS"]), 405, "method_not_allowed"],
    [new ConflictError("busy"), 409, "conflict"],
    [new PayloadTooLargeError("too big"), 413, "payload_too_large"],
    [new TooManyRequestsError("slow down", 3), 429, "rate_limited"],
    [new QuotaExceededError("quota spent", 3600), 429, "quota_exceeded"],
    [new InternalError("bug"), 500, "internal_error"],
    [new UpstreamError("upstream 500"), 502, "upstream_error"],
    [new UpstreamTimeoutError("upstream slow"), 504, "upstream_timeout"],
  ] as const)("%s -> %i %s", (error, status, type) => {
    expect(error).toBeInstanceOf(HttpError);
    expect(error.statusCode).toBe(status);
    expect(error.type).toBe(type);
  });

  it("exposes 4xx messages to the client", () => {
    const error = new BadRequestError("max_tokens: expected a positive integer");
    expect(error.expose).toBe(true);
    expect(error.toBody("req-1")).toEqual({
      error: {
        type: "invalid_request",
        message: "max_tokens: expected a positive integer",
        request_id: "req-1",
      },
    });
  });

  it.each([
    [
      new InternalError("TypeError: cannot read x of undefined at /src/handler.ts:12"),
      "Internal server error.",
    ],
    [new UpstreamError("status 401 Incorrect API key provided: sk-abc"), "The model service failed"],
    [new UpstreamTimeoutError("timed out after 25000 ms talking to 10.0.0.1"), "did not answer in time"],
  ])("hides the message of a 5xx error (%s)", (error, publicText) => {
    expect(error.expose).toBe(false);
    const json = error.toBody("req-2");
    expect(json.error.message).toContain(publicText);
    expect(JSON.stringify(json)).not.toContain(error.message);
    expect(json.error.request_id).toBe("req-2");
  });

  it("leaves request_id out when there is none", () => {
    expect(new NotFoundError("x").toBody()).toEqual({ error: { type: "not_found", message: "x" } });
  });

  it("serialises to its public body wherever JSON.stringify meets it", () => {
    const nested = {
      failures: [new UpstreamError("status 401 for key sk-abc"), new BadRequestError("x: bad")],
    };
    expect(JSON.parse(JSON.stringify(nested))).toEqual({
      failures: [
        {
          error: {
            type: "upstream_error",
            message: "The model service failed to give a usable answer. Try again shortly.",
          },
        },
        { error: { type: "invalid_request", message: "x: bad" } },
      ],
    });
  });

  it.each([
    new SettingsError('Invalid settings:\n  OPENAI_TIMEOUT_MS (value "0") from environment: too small'),
    new SecretParameterError("Cannot read SSM parameters /stack/openai-api-key: AccessDeniedException"),
    new MisconfiguredError("anything"),
  ])("answers a configuration failure with 503 misconfigured, details kept for the log (%s)", (error) => {
    expect(error.statusCode).toBe(503);
    expect(error.type).toBe("misconfigured");
    expect(JSON.stringify(error.toBody("r"))).not.toContain(error.message);
  });

  it("carries its headers: Allow on 405, a whole-second Retry-After of at least 1 on 429", () => {
    expect(new MethodNotAllowedError("no", ["GET", "OPTIONS"]).headers).toEqual({ Allow: "GET, OPTIONS" });
    expect(new TooManyRequestsError("wait", 2.2).headers).toEqual({ "Retry-After": "3" });
    expect(new TooManyRequestsError("wait", 0.01).headers).toEqual({ "Retry-After": "1" });
    expect(new TooManyRequestsError("wait", 86_399.5).headers).toEqual({ "Retry-After": "86400" });
  });
});

describe("errorReply, written as a proxy result", () => {
  function parsed(error: unknown, requestId = "req-9") {
    const result = proxyResult(errorReply(error, requestId, logger), "*", requestId);
    return { result, body: JSON.parse(result.body) as { error: Record<string, unknown> } };
  }

  it("answers an HttpError with its status, JSON body, headers, CORS and request id", () => {
    const { result, body } = parsed(new TooManyRequestsError("Too many requests: slow down.", 4));
    expect(result.statusCode).toBe(429);
    expect(body).toEqual({
      error: { type: "rate_limited", message: "Too many requests: slow down.", request_id: "req-9" },
    });
    expect(result.headers).toMatchObject({
      "Content-Type": expect.stringContaining("application/json"),
      "Access-Control-Allow-Origin": "*",
      "Retry-After": "4",
      "X-Request-Id": "req-9",
    });
  });

  it.each([
    ["an Error", new TypeError("Cannot read properties of undefined (reading 'choices')")],
    ["a RangeError from deep recursion", new RangeError("Maximum call stack size exceeded")],
    ["a string", "something broke at /var/task/index.js:1:2"],
    ["undefined", undefined],
    ["an object", { secret: "sk-leak", stack: "Error\n    at x (/src/a.ts:1:1)" }],
  ])("answers an unknown error (%s) with a generic 500 and no details", (_name, error) => {
    const { result, body } = parsed(error);
    expect(result.statusCode).toBe(500);
    expect(body).toEqual({
      error: { type: "internal_error", message: "Internal server error.", request_id: "req-9" },
    });
    expect(result.body).not.toMatch(STACK_FRAME);
    expect(result.body).not.toMatch(/sk-leak|Cannot read|Maximum call stack/);
  });

  it("never puts a stack trace in any error body", () => {
    for (const error of [
      new BadRequestError("x"),
      new UpstreamError("y", { cause: new Error("z") }),
      new Error("w"),
    ]) {
      const { result } = parsed(error);
      expect(result.body).not.toMatch(STACK_FRAME);
      expect(result.body).not.toContain("stack");
    }
  });
});
