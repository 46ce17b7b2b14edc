import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handler } from "../../src/handlers/openai_v2/index.js";
import { fixtureEvent, passthroughEvent } from "../support/events.js";
import { type FakeUpstream, startFakeUpstream } from "../support/fake-upstream.js";
import { testContext } from "../support/lambda-context.js";
import { useTestSettings } from "../support/settings.js";

let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.reset();
  useTestSettings({
    OPENAI_API_KEY: "sk-test-secret-key-123",
    OPENAI_BASE_URL: upstream.url,
    OPENAI_MAX_RETRIES: "0",
    OPENAI_TIMEOUT_MS: "1000",
    OPENAI_MODEL: "default-model",
  });
});

describe("openai_v2 handler", () => {
  it("passes the fixture's request through the SDK and adds request_meta_data", async () => {
    const result = await handler(fixtureEvent("passthrough"), testContext());
    expect(result.statusCode).toBe(200);
    const sent = upstream.requests[0];
    expect(sent?.headers.authorization).toBe("Bearer sk-test-secret-key-123");
    expect(sent?.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0, max_tokens: 256 });
    const body = JSON.parse(result.body);
    expect(body.request_meta_data).toMatchObject({
      lambda: "lambda_openai_v2",
      model: "gpt-4o-mini",
      input_text: "return the integer value 42.",
    });
    expect(result.headers?.["X-Request-Id"]).toBe("7b3c1f2e-9a8d-4c5b-8e7f-1a2b3c4d5e6f");
  });

  it("builds an app's messages: system prompt, history, then the user's text", async () => {
    const result = await handler(fixtureEvent("app-default-grammar"), testContext());
    expect(result.statusCode).toBe(200);
    const sent = upstream.requests[0]?.body as {
      messages: { role: string; content: string }[];
      model: string;
    };
    expect(sent.model).toBe("default-model");
    expect(sent.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(sent.messages.at(-1)?.content).toBe("Me and him was late.");
  });

  it("passes tools and tool_choice through", async () => {
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }];
    await handler(passthroughEvent({ input_text: "hi", tools, tool_choice: "auto" }), testContext());
    expect(upstream.requests[0]?.body).toMatchObject({ tools, tool_choice: "auto" });
  });

  it.each([
    [{ kind: "status", status: 500 }, 502, "upstream_error"],
    [{ kind: "status", status: 401 }, 502, "upstream_error"],
    [{ kind: "status", status: 429, headers: { "retry-after": "7" } }, 429, "rate_limited"],
    [{ kind: "garbage" }, 502, "upstream_error"],
    [{ kind: "empty-choices" }, 502, "upstream_error"],
    [{ kind: "reset" }, 502, "upstream_error"],
    [{ kind: "hang" }, 504, "upstream_timeout"],
  ] as const)("maps upstream %j to %i", async (behaviour, status, type) => {
    upstream.reply(behaviour);
    const result = await handler(passthroughEvent({ input_text: "hi" }), testContext());
    expect(result.statusCode).toBe(status);
    const body = JSON.parse(result.body);
    expect(body.error.type).toBe(type);
    expect(result.body).not.toContain("sk-test-secret-key-123");
    expect(result.body).not.toMatch(/at .*\.(ts|js):\d+/);
    if (status === 429) expect(result.headers?.["Retry-After"]).toBe("7");
  });
});
