import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { periodEnd, Quotas } from "../../../src/local/gateway/quota.js";
import { TokenBuckets } from "../../../src/local/gateway/token-bucket.js";

/** A clock the test moves by hand, in milliseconds. */
function manualClock(start = 1_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("TokenBuckets", () => {
  it("lets a full burst through at once, then refuses with the wait until the next token", () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(1, 2, clock.now);
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBeCloseTo(1, 6);
    clock.advance(400);
    expect(buckets.take("a")).toBeCloseTo(0.6, 6);
    clock.advance(600);
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBeGreaterThan(0);
  });

  it("refills at the rate, never beyond the burst", () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(10, 5, clock.now);
    for (let i = 0; i < 5; i++) expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBeCloseTo(0.1, 6);
    clock.advance(60_000);
    for (let i = 0; i < 5; i++) expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBeGreaterThan(0);
  });

  it("keeps one bucket per client", () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(1, 1, clock.now);
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBeGreaterThan(0);
    expect(buckets.take("b")).toBe(0);
  });

  it("supports rates below one per second", () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(0.5, 1, clock.now);
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBeCloseTo(2, 6);
  });

  it("admits at most burst + rate * elapsed requests over any schedule (property)", () => {
    const schedule = fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        schedule,
        (rate, burst, gaps) => {
          const clock = manualClock();
          const buckets = new TokenBuckets(rate, burst, clock.now);
          let admitted = 0;
          for (const gap of gaps) {
            clock.advance(gap);
            if (buckets.take("client") === 0) admitted += 1;
          }
          const elapsedSeconds = gaps.reduce((sum, gap) => sum + gap, 0) / 1000;
          expect(admitted).toBeLessThanOrEqual(Math.floor(burst + rate * elapsedSeconds + 1e-9));
        },
      ),
    );
  });

  it("admits a request after waiting the time it was told (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        (rate, burst) => {
          const clock = manualClock();
          const buckets = new TokenBuckets(rate, burst, clock.now);
          for (let i = 0; i < burst; i++) buckets.take("c");
          const wait = buckets.take("c");
          expect(wait).toBeGreaterThan(0);
          clock.advance(wait * 1000 + 1e-6);
          expect(buckets.take("c")).toBe(0);
        },
      ),
    );
  });

  it("keeps throttled clients when it prunes refilled buckets at 10 000 tracked clients", () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(1, 1, clock.now);
    for (let i = 0; i < 9_999; i++) buckets.take(`idle-${i}`);
    clock.advance(5_000);
    expect(buckets.take("busy")).toBe(0);
    expect(buckets.take("newcomer")).toBe(0);
    expect(buckets.take("busy")).toBeGreaterThan(0);
    expect(buckets.take("idle-0")).toBe(0);
  });
});

describe("periodEnd (UTC)", () => {
  it.each([
    ["DAY", "2026-03-10T15:30:00Z", "2026-03-11T00:00:00.000Z"],
    ["DAY", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00.000Z"],
    ["DAY", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00.000Z"],
    ["WEEK", "2026-03-10T15:30:00Z", "2026-03-16T00:00:00.000Z"],
    ["WEEK", "2026-03-15T23:00:00Z", "2026-03-16T00:00:00.000Z"],
    ["WEEK", "2026-03-16T00:00:00Z", "2026-03-23T00:00:00.000Z"],
    ["WEEK", "2026-12-30T08:00:00Z", "2027-01-04T00:00:00.000Z"],
    ["MONTH", "2026-01-31T12:00:00Z", "2026-02-01T00:00:00.000Z"],
    ["MONTH", "2028-02-29T12:00:00Z", "2028-03-01T00:00:00.000Z"],
    ["MONTH", "2026-12-15T00:00:00Z", "2027-01-01T00:00:00.000Z"],
  ] as const)("%s containing %s ends at %s", (period, at, end) => {
    expect(periodEnd(period, new Date(at)).toISOString()).toBe(end);
  });

  it("is always after the instant, within one period, and at UTC midnight (property)", () => {
    const instant = fc.date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2100-01-01T00:00:00Z"),
      noInvalidDate: true,
    });
    const longest = { DAY: 1, WEEK: 7, MONTH: 31 } as const;
    fc.assert(
      fc.property(fc.constantFrom("DAY", "WEEK", "MONTH" as const), instant, (period, at) => {
        const end = periodEnd(period, at);
        expect(end.getTime()).toBeGreaterThan(at.getTime());
        expect(end.getTime() - at.getTime()).toBeLessThanOrEqual(longest[period] * 86_400_000);
        expect(end.getUTCHours() + end.getUTCMinutes() + end.getUTCSeconds() + end.getUTCMilliseconds()).toBe(
          0,
        );
        if (period === "WEEK") expect(end.getUTCDay()).toBe(1);
        if (period === "MONTH") expect(end.getUTCDate()).toBe(1);
      }),
    );
  });
});

describe("Quotas", () => {
  function quotaClock(iso: string) {
    let now = new Date(iso);
    return {
      now: () => now,
      set: (next: string) => {
        now = new Date(next);
      },
    };
  }

  it("allows limit requests per client in a period, then answers the seconds until the reset", () => {
    const clock = quotaClock("2026-03-10T23:00:00Z");
    const quotas = new Quotas(3, "DAY", clock.now);
    expect([quotas.consume("a"), quotas.consume("a"), quotas.consume("a")]).toEqual([0, 0, 0]);
    expect(quotas.consume("a")).toBe(3600);
    expect(quotas.consume("b")).toBe(0);
    clock.set("2026-03-10T23:59:59.500Z");
    expect(quotas.consume("a")).toBe(0.5);
  });

  it("starts afresh in the next period", () => {
    const clock = quotaClock("2026-03-10T10:00:00Z");
    const quotas = new Quotas(1, "DAY", clock.now);
    expect(quotas.consume("a")).toBe(0);
    expect(quotas.consume("a")).toBeGreaterThan(0);
    clock.set("2026-03-11T00:00:00Z");
    expect(quotas.consume("a")).toBe(0);
    expect(quotas.consume("a")).toBe(86_400);
  });

  it.each([
    ["WEEK", "2026-03-14T00:00:00Z", 2 * 86_400],
    ["MONTH", "2026-02-27T00:00:00Z", 2 * 86_400],
  ] as const)("counts %s periods", (period, at, secondsLeft) => {
    const quotas = new Quotas(2, period, quotaClock(at).now);
    quotas.consume("k");
    quotas.consume("k");
    expect(quotas.consume("k")).toBe(secondsLeft);
  });

  it("does not count refused requests", () => {
    const clock = quotaClock("2026-03-10T10:00:00Z");
    const quotas = new Quotas(1, "DAY", clock.now);
    quotas.consume("a");
    for (let i = 0; i < 5; i++) quotas.consume("a");
    clock.set("2026-03-11T01:00:00Z");
    expect(quotas.consume("a")).toBe(0);
  });
});
