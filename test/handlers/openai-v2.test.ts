import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ProxyHandler } from "../../src/adapters/rest-proxy/handler.js";
import { openAIV2Handler } from "../../src/handlers/openai_v2/index.js";
import { openAIV2Services } from "../../src/handlers/openai_v2/services.js";
import { fixtureEvent, passthroughEvent } from "../support/events.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { testContext } from "../support/lambda-context.js";
import { testServices } from "../support/settings.js";
import { wholeAnswers } from "../support/streaming-entry.js";
import { expectMappedFault, UPSTREAM_FAULTS } from "../support/upstream-faults.js";

let upstream: FakeUpstream;
let handler: ProxyHandler;

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.reset();
  const env = upstreamSettings(upstream, { OPENAI_TIMEOUT_MS: "1000", OPENAI_MODEL: "default-model" });
  handler = wholeAnswers(openAIV2Handler(testServices(openAIV2Services, env)));
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

  it.each(UPSTREAM_FAULTS)("maps upstream %s to %i", async (_name, behaviour, status, type) => {
    upstream.reply(behaviour);
    const result = await handler(passthroughEvent({ input_text: "hi" }), testContext());
    expectMappedFault(result, status, type, "sk-test-secret-key-123");
  });
});
