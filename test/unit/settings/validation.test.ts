import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integerField } from "../../../src/common/settings/fields.js";
import { loadSettings, resolveSettings, SettingsError } from "../../../src/common/settings/load.js";
import type { SourceName } from "../../../src/common/settings/sources.js";
import { emptyDir } from "../../support/settings.js";

const OPENAI_KEY = "sk-validation-secret-0123456789";

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error("expected the settings to be rejected");
  return error;
}

function rootWith(source: Exclude<SourceName, "default" | "environment">, name: string, value: string) {
  const root = emptyDir("aws-openai-invalid-");
  if (source === "terraform.tfvars") {
    mkdirSync(join(root, "terraform"));
    writeFileSync(join(root, "terraform", "terraform.tfvars"), `${name.toLowerCase()} = ${value}\n`);
  } else {
    writeFileSync(join(root, ".env"), `${name}=${value}\n`);
  }
  return root;
}

describe("invalid settings fail fast, naming the variable and its source", () => {
  const cases: [name: string, value: string, source: Exclude<SourceName, "default">][] = [
    ["PORT", "abc", ".env"],
    ["PORT", "70000", "environment"],
    ["OPENAI_TIMEOUT_MS", "500", "terraform.tfvars"],
    ["OPENAI_MAX_RETRIES", "2.5", "environment"],
    ["QUOTA_SETTINGS_PERIOD", '"YEAR"', "terraform.tfvars"],
    ["QUOTA_SETTINGS_LIMIT", "0", ".env"],
    ["THROTTLE_SETTINGS_RATE_LIMIT", "fast", "environment"],
    ["CORS_ALLOW_ORIGIN", "https://chat.example.com/app", "environment"],
    ["CORS_ALLOW_ORIGIN", "ftp://files.example.com", ".env"],
    ["THROTTLE_SETTINGS_BURST_LIMIT", "-1", ".env"],
    ["DEBUG_MODE", "maybe", "environment"],
    ["LOG_LEVEL", "LOUD", ".env"],
    ["OPENAI_BASE_URL", "ftp://example.test/v1", "environment"],
    ["OPENAI_BASE_URL", "not a url", ".env"],
  ];

  it.each(cases)("%s=%s from %s", async (name, value, source) => {
    const env: Record<string, string> = { OPENAI_API_KEY: OPENAI_KEY };
    let rootDir = emptyDir("aws-openai-invalid-");
    if (source === "environment") env[name] = value;
    else rootDir = rootWith(source, name, value);
    const error = await failureOf(loadSettings({ rootDir, env }));
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain(`${name} (value `);
    expect(error.message).toContain(`from ${source}:`);
    expect(error.message).not.toContain(OPENAI_KEY);
  });

  it("lists every invalid setting at once", async () => {
    const error = await failureOf(
      loadSettings({ rootDir: emptyDir(), env: { PORT: "x", HOST: "h", OPENAI_MAX_RETRIES: "99" } }),
    );
    expect(error.message).toMatch(/PORT .*from environment/);
    expect(error.message).toMatch(/OPENAI_MAX_RETRIES .*from environment/);
    expect(error.message).not.toContain("HOST");
  });

  it("never shows a secret's value, even next to an invalid setting of the same source", () => {
    const sources = [
      {
        name: ".env" as const,
        values: { OPENAI_API_KEY: OPENAI_KEY, API_KEYS: "api-key-alpha,api-key-beta", PORT: "eighty" },
      },
    ];
    expect(() => resolveSettings(sources)).toThrow(SettingsError);
    expect(() => resolveSettings(sources)).toThrow(/PORT \(value "eighty"\) from \.env/);
    expect(() => resolveSettings(sources)).not.toThrow(/sk-validation|api-key-alpha|api-key-beta/);
  });
});

describe("integer settings (property)", () => {
  const integerSettings: [name: string, min: number, max: number][] = [
    ["PORT", 0, 65_535],
    ["OPENAI_TIMEOUT_MS", 1_000, 28_000],
    ["OPENAI_MAX_RETRIES", 0, 10],
    ["THROTTLE_SETTINGS_BURST_LIMIT", 1, 1_000_000],
    ["QUOTA_SETTINGS_LIMIT", 1, 1_000_000_000],
    ["MAX_BODY_BYTES", 1024, 100 * 1024 * 1024],
  ];
  const resolve = (name: string, value: string) =>
    resolveSettings([{ name: "environment", values: { [name]: value } }]).settings as unknown as Record<
      string,
      unknown
    >;
  const padding = fc.constantFrom("", " ", "\t", "  ");

  it.each(integerSettings)("%s accepts every integer string in [%i, %i]", (name, min, max) => {
    fc.assert(
      fc.property(fc.integer({ min, max }), padding, (value, pad) => {
        expect(resolve(name, `${pad}${value}${pad}`)[name]).toBe(value);
      }),
      { numRuns: 100 },
    );
  });

  it.each(integerSettings)("%s rejects integers outside [%i, %i]", (name, min, max) => {
    const outside = fc.oneof(
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: min - 1 }),
      fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }),
    );
    fc.assert(
      fc.property(outside, (value) => {
        expect(() => resolve(name, String(value))).toThrow(new RegExp(`${name} \\(value "${value}"\\)`));
      }),
      { numRuns: 100 },
    );
  });

  it.each(integerSettings)("%s rejects text that is not a whole number", (name) => {
    const notWhole = fc.oneof(
      fc.string().filter((s) => !/^\s*-?\d+\s*$/.test(s) && s.trim() !== ""),
      fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }).map(String),
      fc.integer({ min: 1, max: 1000 }).map((n) => `${n}.0`),
      fc.integer({ min: 1, max: 1000 }).map((n) => `${n}e3`),
    );
    fc.assert(
      fc.property(notWhole, (text) => {
        expect(() => resolve(name, text)).toThrow(SettingsError);
      }),
      { numRuns: 100 },
    );
  });

  it("the integer builder holds for arbitrary bounds", () => {
    const bounds = fc
      .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }))
      .map(([min, span]) => [min, min + span] as const);
    fc.assert(
      fc.property(bounds, fc.integer({ min: -3_000_000, max: 3_000_000 }), ([min, max], value) => {
        const field = integerField(min, min, max);
        const parsed = field.safeParse(String(value));
        expect(parsed.success).toBe(value >= min && value <= max);
        if (parsed.success) expect(parsed.data).toBe(value);
        expect(field.parse(undefined)).toBe(min);
      }),
    );
  });
});
