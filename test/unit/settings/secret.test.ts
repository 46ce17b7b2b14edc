import { format, inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, SECRET_MASK, Secret } from "../../../src/common/secret.js";
import { resolveSettings } from "../../../src/common/settings/load.js";

const VALUE = "sk-proj-secret-value-42";

describe("Secret", () => {
  const secret = new Secret(VALUE);

  it("gives its value only through reveal()", () => {
    expect(secret.reveal()).toBe(VALUE);
  });

  it.each([
    ["String()", () => String(secret)],
    ["template literal", () => `${secret}`],
    ["concatenation", () => `key=${secret}`],
    ["JSON.stringify", () => JSON.stringify({ nested: { secret }, list: [secret] })],
    ["util.inspect", () => inspect(secret)],
    ["util.inspect nested, all depths", () => inspect({ a: { b: { c: secret } } }, { depth: null })],
    ["util.inspect with showHidden", () => inspect(secret, { showHidden: true })],
    ["util.format %s %o %O %j", () => format("%s %o %O %j", secret, secret, secret, { secret })],
  ])("is masked in %s", (_form, render) => {
    const text = render();
    expect(text).not.toContain(VALUE);
    expect(text).toContain(SECRET_MASK.slice(0, 4));
  });

  it("keeps no enumerable state that a spread or Object.entries could copy out", () => {
    expect(Object.entries(secret)).toEqual([]);
    expect(JSON.stringify({ ...secret })).toBe("{}");
    expect(Reflect.ownKeys(secret)).toEqual([]);
  });

  it("is masked inside settings dumps", () => {
    const { settings } = resolveSettings([
      { name: "environment", values: { OPENAI_API_KEY: VALUE, API_KEYS: "api-key-1,api-key-2" } },
    ]);
    for (const dump of [
      JSON.stringify(settings),
      inspect(settings, { depth: null }),
      String(settings.API_KEYS),
    ])
      expect(dump).not.toMatch(/sk-proj|api-key-1|api-key-2/);
    expect(settings.API_KEYS.map((key) => key.reveal())).toEqual(["api-key-1", "api-key-2"]);
  });

  it("compares with equals() without revealing", () => {
    expect(secret.equals(VALUE)).toBe(true);
    expect(secret.equals(`${VALUE}x`)).toBe(false);
    expect(secret.equals("")).toBe(false);
  });
});

describe("constantTimeEqual", () => {
  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "ab", false],
    ["ab", "abc", false],
    ["", "", true],
    ["", "a", false],
    ["a", "", false],
    ["clé-ü", "clé-ü", true],
    ["é", "e\u0301", false],
    ["\u0000", "", false],
  ])("%j vs %j -> %s", (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
  });

  it("is true exactly when the strings are equal (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
        expect(constantTimeEqual(b, `${b}`)).toBe(true);
      }),
    );
  });

  it("tells apart strings sharing a long prefix (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (prefix, suffix) => {
        expect(constantTimeEqual(prefix + suffix, prefix)).toBe(false);
        expect(constantTimeEqual(prefix, prefix + suffix)).toBe(false);
      }),
    );
  });
});
