import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "../../src/common/settings/load.js";
import { budgetsFor, parseBudgetOverrides } from "../../src/common/usage/budget-overrides.js";

const DEFAULTS = { day: 1000, month: 20_000 };
const ownerId = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const budget = fc.integer({ min: 0, max: 1_000_000_000_000 });

describe("TOKEN_BUDGET_OVERRIDES", () => {
  it("reads back every entry it was written from", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(ownerId, budget, budget), { selector: ([owner]) => owner }),
        (rows) => {
          const text = rows.map(([owner, day, month]) => ` ${owner}=${day}/${month} `).join(",");
          const parsed = parseBudgetOverrides(text);
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          for (const [owner, day, month] of rows)
            expect(budgetsFor(owner, parsed.overrides, DEFAULTS)).toEqual({ day, month });
          expect(Object.keys(parsed.overrides)).toHaveLength(rows.length);
        },
      ),
    );
  });

  it("gives other owners the defaults, also owners named like object members", () => {
    const parsed = parseBudgetOverrides("key-a=5/0");
    if (!parsed.ok) throw new Error(parsed.error);
    expect(budgetsFor("key-a", parsed.overrides, DEFAULTS)).toEqual({ day: 5, month: 0 });
    expect(budgetsFor("key-b", parsed.overrides, DEFAULTS)).toEqual(DEFAULTS);
    expect(budgetsFor("constructor", parsed.overrides, DEFAULTS)).toEqual(DEFAULTS);
    expect(budgetsFor("__proto__", parsed.overrides, DEFAULTS)).toEqual(DEFAULTS);
  });

  it.each([
    ["key-a", /entry 1 \('key-a'\): expected <key id>=<daily>\/<monthly>/],
    ["key-a=5", /entry 1/],
    ["key-a=5/x", /entry 1/],
    ["key-a=-5/0", /entry 1/],
    ["key-a=5/0,=1/1", /entry 2/],
    ["key-a=5/0,key-a=1/1", /'key-a' is named twice/],
    ["key-a=9999999999999/0", /at most 1000000000000/],
    ["key a=1/1", /entry 1/],
  ])("refuses %j, naming the entry", (text, message) => {
    const parsed = parseBudgetOverrides(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it("is a setting whose bad value names the field", () => {
    expect(() =>
      resolveSettings([{ name: "environment", values: { TOKEN_BUDGET_OVERRIDES: "key-a=1" } }]),
    ).toThrow(/TOKEN_BUDGET_OVERRIDES/);
  });
});
