import { describe, expect, it } from "vitest";
import {
  baseUrlProblem,
  chatBaseUrl,
  effectiveBaseUrl,
  loadApiSettings,
  NO_API_SETTINGS,
  STORAGE_KEY,
  saveApiSettings,
} from "./api-settings.js";
import { formatStreamUrls, parseStreamUrls } from "./stream-urls.js";

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
      streamUrls: { openai_v2: "https://fn1.lambda-url.us-east-1.on.aws/" },
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
      streamUrls: {},
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

  it("sends an app's chats to its handler's streaming URL when one is set", () => {
    const settings = {
      ...NO_API_SETTINGS,
      baseUrl: "https://api.example/v1",
      streamUrls: { langchain: "https://lc.lambda-url.us-east-1.on.aws/" },
    };
    expect(chatBaseUrl(settings, "http://localhost", "langchain")).toBe(
      "https://lc.lambda-url.us-east-1.on.aws/",
    );
    expect(chatBaseUrl(settings, "http://localhost", "openai_v2")).toBe("https://api.example/v1");
    expect(chatBaseUrl(settings, "http://localhost", undefined)).toBe("https://api.example/v1");
  });
});

describe("streaming URLs pasted into Settings", () => {
  it("reads Terraform's stream_urls output, and nothing as none", () => {
    const pasted =
      '{\n  "langchain": "https://lc.lambda-url.us-east-1.on.aws/",\n  "openai_v2": "https://v2.lambda-url.us-east-1.on.aws/"\n}';
    expect(parseStreamUrls(pasted)).toEqual({
      urls: {
        langchain: "https://lc.lambda-url.us-east-1.on.aws/",
        openai_v2: "https://v2.lambda-url.us-east-1.on.aws/",
      },
    });
    expect(parseStreamUrls("  ")).toEqual({ urls: {} });
    const urls = { openai_function: "https://fn.lambda-url.us-east-1.on.aws/" };
    expect(parseStreamUrls(formatStreamUrls(urls))).toEqual({ urls });
  });

  it.each([
    ["not json", /must be JSON/],
    ['["https://x.example"]', /JSON object/],
    ['{"info": "https://x.example"}', /'info' is not a chat handler/],
    ['{"openai_v2": "lambda-url.on.aws"}', /openai_v2: .*full address/],
    ['{"openai_v2": 7}', /openai_v2: it must be a URL/],
  ])("explains what is wrong with %j", (text, problem) => {
    const read = parseStreamUrls(text);
    expect("problem" in read ? read.problem : "").toMatch(problem);
  });
});
