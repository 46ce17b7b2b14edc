import { describe, expect, it } from "vitest";
import {
  baseUrlProblem,
  effectiveBaseUrl,
  loadApiSettings,
  NO_API_SETTINGS,
  STORAGE_KEY,
  saveApiSettings,
} from "./api-settings.js";

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    items,
  };
}

const refusingStorage = {
  getItem: (): string | null => {
    throw new Error("SecurityError");
  },
  setItem: (): void => {
    throw new Error("QuotaExceededError");
  },
};

describe("API settings", () => {
  it("round-trips through storage", () => {
    const storage = memoryStorage();
    const settings = {
      baseUrl: "https://abc.example/v1",
      apiKey: "k-123",
    };
    expect(saveApiSettings(storage, settings)).toBe(true);
    expect(loadApiSettings(storage)).toEqual(settings);
  });

  it("starts empty, and survives broken or refused storage", () => {
    expect(loadApiSettings(memoryStorage())).toEqual(NO_API_SETTINGS);
    expect(loadApiSettings(memoryStorage({ [STORAGE_KEY]: "{not json" }))).toEqual(NO_API_SETTINGS);
    expect(loadApiSettings(memoryStorage({ [STORAGE_KEY]: '{"baseUrl": 7, "apiKey": "k"}' }))).toEqual({
      baseUrl: "",
      apiKey: "k",
    });
    expect(loadApiSettings(refusingStorage)).toEqual(NO_API_SETTINGS);
    expect(saveApiSettings(refusingStorage, { ...NO_API_SETTINGS, apiKey: "k" })).toBe(false);
  });

  it("falls back to the page's origin when no base URL is set", () => {
    expect(effectiveBaseUrl(NO_API_SETTINGS, "http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(
      effectiveBaseUrl({ ...NO_API_SETTINGS, baseUrl: "https://x.example/v1" }, "http://localhost"),
    ).toBe("https://x.example/v1");
  });

  it("explains an unusable base URL", () => {
    expect(baseUrlProblem("")).toBeUndefined();
    expect(baseUrlProblem("https://abc.execute-api.us-east-1.amazonaws.com/v1")).toBeUndefined();
    expect(baseUrlProblem("abc.execute-api.us-east-1.amazonaws.com")).toMatch(/full address/);
    expect(baseUrlProblem("ftp://example.com")).toMatch(/http:\/\/ or https:\/\//);
    expect(baseUrlProblem("https://example.com/v1?stage=x")).toMatch(/query/);
  });
});
