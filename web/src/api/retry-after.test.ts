import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after.js";

const NOW = new Date("2026-01-01T00:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), (seconds) => {
        expect(parseRetryAfter(String(seconds), NOW)).toBe(seconds);
        expect(parseRetryAfter(` ${seconds} `, NOW)).toBe(seconds);
      }),
    );
  });

  it("reads an HTTP date as seconds from now, never negative", () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400, max: 86_400 }), (offset) => {
        const header = new Date(NOW.getTime() + offset * 1000).toUTCString();
        expect(parseRetryAfter(header, NOW)).toBe(Math.max(0, offset));
      }),
    );
  });

  it("answers undefined for a missing or unreadable header", () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("-5", NOW)).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (header) => {
        const seconds = parseRetryAfter(header, NOW);
        expect(seconds === undefined || (Number.isInteger(seconds) && seconds >= 0)).toBe(true);
      }),
    );
  });
});
