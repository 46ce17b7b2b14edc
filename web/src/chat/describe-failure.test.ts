import { describe, expect, it } from "vitest";
import type { ChatFailure } from "../api/types.js";
import { canRetrySoon, describeFailure } from "./describe-failure.js";

const http = (status: number, extra: Partial<Extract<ChatFailure, { kind: "http" }>> = {}): ChatFailure => ({
  kind: "http",
  status,
  ...extra,
});

describe("describeFailure", () => {
  it("shows a 400 with what the server said was wrong", () => {
    const text = describeFailure(http(400, { message: "input_text: expected a non-empty string" }));
    expect(text.title).toBe("Request not accepted (400)");
    expect(text.detail).toBe("input_text: expected a non-empty string");
  });

  it.each([
    [401, "API key needed (401)", /Add yours in Settings/],
    [403, "API key refused (403)", /API key in Settings was not accepted/],
  ])("explains a %i as an API key problem", (status, title, detail) => {
    const text = describeFailure(http(status));
    expect(text.title).toBe(title);
    expect(text.detail).toMatch(detail);
  });

  it.each([
    [1, "wait a second"],
    [30, "wait 30 seconds"],
    [600, "wait 10 minutes"],
    [86_400, "wait about 24 hours"],
  ])("asks to slow down on a 429 with Retry-After %i", (seconds, words) => {
    const text = describeFailure(http(429, { retryAfterSeconds: seconds }));
    expect(text.title).toBe("Too many requests (429)");
    expect(text.detail).toContain(words);
  });

  it("asks to slow down on a 429 without Retry-After", () => {
    expect(describeFailure(http(429)).detail).toBe("Slow down: wait a moment before sending again.");
  });

  it("says a spent quota lasts until it resets, not to slow down", () => {
    const text = describeFailure(
      http(429, {
        errorType: "quota_exceeded",
        message: "The day quota of 500 requests is spent.",
        retryAfterSeconds: 7_200,
      }),
    );
    expect(text.title).toBe("Request quota used up (429)");
    expect(text.detail).toBe(
      "The day quota of 500 requests is spent. It resets in about 2 hours. Until then every message is refused; ask for a higher quota to go on sooner.",
    );
    expect(text.detail).not.toMatch(/slow down/i);
    const gateway = describeFailure(http(429, { errorType: "quota_exceeded" }));
    expect(gateway.detail).toMatch(
      /^This API key has made all the requests its quota allows\. It resets at the end/,
    );
  });

  it("offers no retry while a quota or budget is spent", () => {
    expect(canRetrySoon(http(429, { errorType: "quota_exceeded" }))).toBe(false);
    expect(canRetrySoon(http(429, { errorType: "budget_exceeded" }))).toBe(false);
    expect(canRetrySoon(http(429, { errorType: "rate_limited" }))).toBe(true);
    expect(canRetrySoon(http(502))).toBe(true);
  });

  it("says a spent token budget lasts until its period resets", () => {
    const text = describeFailure(
      http(429, {
        errorType: "budget_exceeded",
        message: "The token budget for this day is spent.",
        retryAfterSeconds: 30,
      }),
    );
    expect(text.title).toBe("Token budget used up (429)");
    expect(text.detail).toContain("The token budget for this day is spent. It resets in 30 seconds.");
  });

  it("passes on why the model service is throttling, but not the throttle's own words", () => {
    const upstream = describeFailure(
      http(429, {
        errorType: "rate_limited",
        message: "The model service is rate limiting this API; retry after the indicated time.",
        retryAfterSeconds: 20,
      }),
    );
    expect(upstream.detail).toBe(
      "Slow down: wait 20 seconds before sending again. The server said: “The model service is rate limiting this API; retry after the indicated time.”",
    );
    const local = describeFailure(
      http(429, {
        errorType: "rate_limited",
        message: "Too many requests: slow down.",
        retryAfterSeconds: 1,
      }),
    );
    expect(local.detail).toBe("Slow down: wait a second before sending again.");
  });

  it("blames the model service for 502 and 504", () => {
    expect(describeFailure(http(502)).title).toBe("The model service failed (502)");
    expect(describeFailure(http(504)).title).toBe("The model service timed out (504)");
  });

  it("names the API address when the network fails", () => {
    const text = describeFailure({ kind: "network", url: "http://127.0.0.1:9/examples/x" });
    expect(text.title).toBe("Could not reach the API");
    expect(text.detail).toContain("http://127.0.0.1:9/examples/x");
  });

  it("keeps the server's words for statuses without their own text", () => {
    const text = describeFailure(http(418, { message: "short and stout" }));
    expect(text.title).toBe("Request failed (418)");
    expect(text.detail).toContain("short and stout");
    expect(describeFailure(http(500)).title).toBe("Server error (500)");
  });

  it("covers timeouts and unreadable answers", () => {
    expect(describeFailure({ kind: "timeout", seconds: 35 }).detail).toContain("35 seconds");
    expect(describeFailure({ kind: "bad-response", detail: "choices: missing" }).title).toBe(
      "Unreadable answer",
    );
  });
});
