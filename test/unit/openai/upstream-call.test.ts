import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { ClientClosedError, UpstreamError, UpstreamTimeoutError } from "../../../src/common/errors.js";
import { Deadline } from "../../../src/common/openai/deadline.js";
import { callUpstream, retryWaitMs } from "../../../src/common/openai/upstream-call.js";
import { upstreamErrorFrom } from "../../../src/common/openai/upstream-errors.js";

const mapped = (error: unknown) => upstreamErrorFrom(error);
const apiError = (status: number, headers: Record<string, string> = {}) =>
  OpenAI.APIError.generate(status, { error: { message: "x" } }, undefined, new Headers(headers));

describe("retryWaitMs: what is retried, after how long", () => {
  it.each([408, 409, 429, 500, 503])("retries %i", (status) => {
    expect(retryWaitMs(mapped(apiError(status)), 0)).toBeGreaterThan(0);
  });

  it.each([400, 401, 403, 404, 422])("does not retry %i", (status) => {
    expect(retryWaitMs(mapped(apiError(status)), 0)).toBeUndefined();
  });

  it("waits what the answer asks for, in ms or s, and obeys x-should-retry: false", () => {
    expect(retryWaitMs(mapped(apiError(429, { "retry-after-ms": "250" })), 0)).toBe(250);
    expect(retryWaitMs(mapped(apiError(503, { "retry-after": "3" })), 0)).toBe(3_000);
    expect(retryWaitMs(mapped(apiError(500, { "x-should-retry": "false" })), 0)).toBeUndefined();
  });

  it("backs off on connection errors and never retries a timeout", () => {
    const wait = retryWaitMs(mapped(new OpenAI.APIConnectionError({ message: "reset" })), 1);
    expect(wait).toBeGreaterThanOrEqual(750);
    expect(wait).toBeLessThanOrEqual(1_000);
    expect(retryWaitMs(mapped(new OpenAI.APIConnectionTimeoutError()), 0)).toBeUndefined();
  });
});

describe("callUpstream within a deadline", () => {
  it("gives each attempt the time left and no retries of the SDK's own", async () => {
    const deadline = new Deadline(5_000, new AbortController().signal, 2);
    const seen = await callUpstream(deadline, async (options) => options);
    expect(seen.maxRetries).toBe(0);
    expect(seen.timeout).toBeGreaterThan(4_900);
    expect(seen.timeout).toBeLessThanOrEqual(5_000);
  });

  it("retries up to the deadline's retries, then throws the mapped error", async () => {
    const deadline = new Deadline(10_000, new AbortController().signal, 1);
    let attempts = 0;
    const failing = callUpstream(deadline, async () => {
      attempts++;
      throw apiError(500, { "retry-after-ms": "10" });
    });
    await expect(failing).rejects.toBeInstanceOf(UpstreamError);
    expect(attempts).toBe(2);
  });

  it("answers 504 once the time is spent, and client-closed once the client has gone", async () => {
    const spent = new Deadline(20, new AbortController().signal, 5);
    await expect(callUpstream(spent, () => new Promise(() => {}))).rejects.toBeInstanceOf(
      UpstreamTimeoutError,
    );
    await expect(callUpstream(spent, async () => 1)).rejects.toBeInstanceOf(UpstreamTimeoutError);
    const leaving = new AbortController();
    const left = new Deadline(5_000, leaving.signal, 5);
    leaving.abort();
    await expect(callUpstream(left, async () => 1)).rejects.toBeInstanceOf(ClientClosedError);
  });
});
