import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import {
  BadRequestError,
  NotFoundError,
  TooManyRequestsError,
  UnprocessableEntityError,
  UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from "../../../src/common/errors.js";
import { upstreamErrorFrom } from "../../../src/common/openai/upstream-errors.js";
import { Secret } from "../../../src/common/secret.js";

const headers = (values: Record<string, string> = {}) => new Headers(values);
const body = (message: string) => ({ message, type: "server_error", code: null, param: null });

describe("upstreamErrorFrom: SDK errors by class", () => {
  it.each([
    [
      "RateLimitError",
      new OpenAI.RateLimitError(429, body("slow"), undefined, headers()),
      TooManyRequestsError,
    ],
    [
      "InternalServerError",
      new OpenAI.InternalServerError(500, body("boom"), undefined, headers()),
      UpstreamError,
    ],
    [
      "InternalServerError 503",
      new OpenAI.InternalServerError(503, body("busy"), undefined, headers()),
      UpstreamError,
    ],
    [
      "AuthenticationError",
      new OpenAI.AuthenticationError(401, body("bad key"), undefined, headers()),
      UpstreamError,
    ],
    [
      "PermissionDeniedError",
      new OpenAI.PermissionDeniedError(403, body("no"), undefined, headers()),
      UpstreamError,
    ],
    [
      "NotFoundError (model)",
      new OpenAI.NotFoundError(404, body("no model"), undefined, headers()),
      NotFoundError,
    ],
    [
      "BadRequestError",
      new OpenAI.BadRequestError(400, body("context length"), undefined, headers()),
      BadRequestError,
    ],
    [
      "UnprocessableEntityError",
      new OpenAI.UnprocessableEntityError(422, body("x"), undefined, headers()),
      UnprocessableEntityError,
    ],
    ["ConflictError", new OpenAI.ConflictError(409, body("x"), undefined, headers()), UpstreamError],
    ["APIError (generic)", new OpenAI.APIError(418, body("teapot"), undefined, headers()), UpstreamError],
    [
      "APIError.generate(502)",
      OpenAI.APIError.generate(502, body("bad gw"), undefined, headers()),
      UpstreamError,
    ],
    ["APIConnectionError", new OpenAI.APIConnectionError({ message: "ECONNRESET" }), UpstreamError],
    ["APIConnectionTimeoutError", new OpenAI.APIConnectionTimeoutError(), UpstreamTimeoutError],
    ["APIUserAbortError", new OpenAI.APIUserAbortError(), UpstreamTimeoutError],
    ["SyntaxError (garbage body)", new SyntaxError("Unexpected token < in JSON"), UpstreamError],
  ] as const)("%s -> %s", (_name, error, expected) => {
    const mapped = upstreamErrorFrom(error);
    expect(mapped).toBeInstanceOf(expected);
    if (mapped instanceof Error && !(mapped instanceof TooManyRequestsError))
      expect(mapped.cause).toBe(error);
  });

  it("maps to the contract's statuses", () => {
    const status = (error: unknown) => (upstreamErrorFrom(error) as { statusCode: number }).statusCode;
    expect(status(new OpenAI.RateLimitError(429, undefined, undefined, headers()))).toBe(429);
    expect(status(new OpenAI.InternalServerError(500, undefined, undefined, headers()))).toBe(502);
    expect(status(new OpenAI.APIConnectionTimeoutError())).toBe(504);
  });

  it("maps subclasses by their parent class", () => {
    class ProxyRateLimit extends OpenAI.RateLimitError {}
    class FlakyNetwork extends OpenAI.APIConnectionError {}
    class SlowNetwork extends OpenAI.APIConnectionTimeoutError {}
    class Overloaded extends OpenAI.InternalServerError {}
    expect(upstreamErrorFrom(new ProxyRateLimit(429, undefined, undefined, headers()))).toBeInstanceOf(
      TooManyRequestsError,
    );
    expect(upstreamErrorFrom(new FlakyNetwork({ message: "reset" }))).toBeInstanceOf(UpstreamError);
    expect(upstreamErrorFrom(new SlowNetwork())).toBeInstanceOf(UpstreamTimeoutError);
    expect(upstreamErrorFrom(new Overloaded(529, undefined, undefined, headers()))).toBeInstanceOf(
      UpstreamError,
    );
  });

  it.each([
    [{ "retry-after": "7" }, "7"],
    [{ "retry-after": "0.2" }, "1"],
    [{ "retry-after": new Date(Date.now() + 120_000).toUTCString() }, /^1[12]\d$/],
    [{}, "20"],
    [{ "retry-after": "soon" }, "20"],
  ] as const)("takes Retry-After from the upstream's %j", (values, expected) => {
    const mapped = upstreamErrorFrom(new OpenAI.RateLimitError(429, undefined, undefined, headers(values)));
    expect(mapped).toBeInstanceOf(TooManyRequestsError);
    const retryAfter = (mapped as TooManyRequestsError).headers["Retry-After"];
    if (typeof expected === "string") expect(retryAfter).toBe(expected);
    else expect(retryAfter).toMatch(expected);
  });

  it("never exposes the upstream's words (which may quote a key) to the client", () => {
    const error = new OpenAI.AuthenticationError(
      401,
      body("Incorrect API key provided: sk-abc...xyz"),
      undefined,
      headers(),
    );
    const json = JSON.stringify((upstreamErrorFrom(error) as UpstreamError).toBody("r"));
    expect(json).not.toContain("sk-abc");
    expect(json).not.toContain("Incorrect API key");
  });

  it("gives the caller the model service's reason for refusing the request, scrubbed and bounded", () => {
    const key = new Secret("sk-unit-known-secret-42");
    const error = new OpenAI.BadRequestError(
      400,
      body(`Invalid schema for function 'lookup' (sent with ${key.reveal()}): ${"x".repeat(5_000)}`),
      undefined,
      headers(),
    );
    const mapped = upstreamErrorFrom(error) as BadRequestError;
    const { message } = mapped.toBody("r").error;
    expect(mapped.statusCode).toBe(400);
    expect(message).toMatch(/^The model service refused the request: Invalid schema for function 'lookup'/);
    expect(message).not.toContain(key.reveal());
    expect(message.length).toBeLessThan(600);
  });

  it.each([401, 403])("keeps our credentials being refused (%i) a 502 that quotes nothing", (status) => {
    const error = OpenAI.APIError.generate(
      status,
      { error: body("Incorrect API key provided: sk-abc...xyz") },
      undefined,
      headers(),
    );
    const mapped = upstreamErrorFrom(error) as UpstreamError;
    expect(mapped.statusCode).toBe(502);
    expect(JSON.stringify(mapped.toBody("r"))).not.toContain("sk-abc");
  });

  it("passes on a 503's Retry-After as a 503, and a 503 without one stays a 502", () => {
    const busy = upstreamErrorFrom(
      new OpenAI.InternalServerError(503, body("busy"), undefined, headers({ "retry-after": "30" })),
    );
    expect(busy).toBeInstanceOf(UpstreamUnavailableError);
    expect((busy as UpstreamUnavailableError).headers["Retry-After"]).toBe("30");
    expect(
      upstreamErrorFrom(new OpenAI.InternalServerError(503, body("busy"), undefined, headers())),
    ).toBeInstanceOf(UpstreamError);
  });

  it("passes through errors of the service and errors that are not about the upstream", () => {
    const own = new BadRequestError("x");
    const bug = new TypeError("bug");
    expect(upstreamErrorFrom(own)).toBe(own);
    expect(upstreamErrorFrom(bug)).toBe(bug);
  });

  it("marks the model service's failures, and not the caller's faults it refuses", () => {
    const fromUpstream = (error: unknown) =>
      (upstreamErrorFrom(error) as { fromUpstream: boolean }).fromUpstream;
    expect(fromUpstream(new OpenAI.RateLimitError(429, undefined, undefined, headers()))).toBe(true);
    expect(fromUpstream(new OpenAI.InternalServerError(500, undefined, undefined, headers()))).toBe(true);
    expect(
      fromUpstream(
        new OpenAI.InternalServerError(503, undefined, undefined, headers({ "retry-after": "3" })),
      ),
    ).toBe(true);
    expect(fromUpstream(new OpenAI.APIConnectionTimeoutError())).toBe(true);
    expect(fromUpstream(new OpenAI.BadRequestError(400, undefined, undefined, headers()))).toBe(false);
    expect(fromUpstream(new OpenAI.NotFoundError(404, undefined, undefined, headers()))).toBe(false);
    expect(new TooManyRequestsError("our own throttle", 1).fromUpstream).toBe(false);
  });

  it("maps a body whose connection broke after the headers, and no other error with a code", () => {
    const reset = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    const terminated = new TypeError("terminated", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    for (const broken of [reset, terminated]) {
      const mapped = upstreamErrorFrom(broken);
      expect(mapped).toBeInstanceOf(UpstreamError);
      expect((mapped as UpstreamError).cause).toBe(broken);
    }
    const ours = Object.assign(new TypeError("bad argument"), { code: "ERR_INVALID_ARG_TYPE" });
    expect(upstreamErrorFrom(ours)).toBe(ours);
  });
});
