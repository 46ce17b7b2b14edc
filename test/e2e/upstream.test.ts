import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/common/catalog/index.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { ORIGINAL_CLIENT_BODY } from "../support/original-client.js";
import { isCallersFault, UPSTREAM_FAULTS } from "../support/upstream-faults.js";
import { expectCompletion, expectJsonError } from "./http-checks.js";

/** The local server with a real OpenAI key setting, pointed at a fake OpenAI-compatible upstream. */

const OPENAI_KEY = "sk-e2e-upstream-secret-7f3a9c";
const DEFAULT_MODEL = "gpt-default-e2e";

let upstream: FakeUpstream;
let service: RunningService;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  service = await startTestService(
    upstreamSettings(upstream, {
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_MODEL: DEFAULT_MODEL,
      OPENAI_TIMEOUT_MS: "1000",
      THROTTLE_SETTINGS_RATE_LIMIT: "10000",
      THROTTLE_SETTINGS_BURST_LIMIT: "10000",
      QUOTA_SETTINGS_LIMIT: "100000",
    }),
  );
});
afterAll(async () => {
  await service?.stop();
  await upstream?.close();
});
beforeEach(() => upstream.reset());

interface SentBody {
  model: string;
  temperature: number;
  max_tokens: number;
  messages: { role: string; content: unknown }[];
  tools?: unknown;
  tool_choice?: unknown;
}

function onlyUpstreamRequest() {
  expect(upstream.requests.length).toBeGreaterThanOrEqual(1);
  const [request] = upstream.requests;
  if (!request) throw new Error("the upstream was not called");
  return { request, body: request.body as SentBody };
}

describe("every route reaches the upstream through the SDK", () => {
  it("is not in offline mode", () => {
    expect(service.offline).toBe(false);
    expect(service.upstream).toContain(upstream.url);
  });

  const history = [
    { sender: "user", message: "An earlier question" },
    { sender: "assistant", message: "An earlier answer" },
  ];

  it.each(getCatalog().apps.map((app) => [app.slug, app] as const))(
    "POST /examples/%s",
    async (slug, app) => {
      const inputText = `Question for ${slug}`;
      const response = await service.post(`/examples/${slug}`, {
        input_text: inputText,
        chat_history: history,
      });
      const body = await expectCompletion(response);
      expect(body.choices[0]?.message.content).toBe(`Fake answer from ${app.model ?? DEFAULT_MODEL}.`);
      expect(body.request_meta_data).toMatchObject({
        app: slug,
        input_text: inputText,
        max_tokens: app.max_tokens,
      });

      const { request, body: sent } = onlyUpstreamRequest();
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/v1/chat/completions");
      expect(request.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
      expect(sent.model).toBe(app.model ?? DEFAULT_MODEL);
      expect(sent.temperature).toBe(app.temperature);
      expect(sent.max_tokens).toBe(app.max_tokens);
      const first = sent.messages[0];
      expect(first?.role).toBe("system");
      expect(String(first?.content)).toContain(app.system_prompt);
      expect(sent.messages.slice(-3)).toEqual([
        { role: "user", content: "An earlier question" },
        { role: "assistant", content: "An earlier answer" },
        { role: "user", content: inputText },
      ]);
    },
  );

  it("POST /examples/<slug> without history sends system prompt then the user's text", async () => {
    const app = getCatalog().apps[0];
    if (!app) throw new Error("empty catalog");
    await expectCompletion(await service.post(`/examples/${app.slug}`, { input_text: "Just this" }));
    expect(onlyUpstreamRequest().body.messages).toEqual([
      { role: "system", content: app.system_prompt },
      { role: "user", content: "Just this" },
    ]);
  });

  it("POST /passthrough sends the body's messages, model, temperature, max_tokens, tools", async () => {
    const messages = [
      { role: "system", content: "you always return the integer value 42." },
      { role: "user", content: "return the integer value 42." },
    ];
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }];
    const response = await service.post("/passthrough", {
      model: "gpt-from-body",
      temperature: 0,
      max_tokens: 256,
      messages,
      tools,
      tool_choice: "auto",
    });
    const body = await expectCompletion(response);
    expect(body.request_meta_data).toMatchObject({
      lambda: "lambda_openai_v2",
      model: "gpt-from-body",
      object_type: "chat.completion",
      temperature: 0,
      max_tokens: 256,
      input_text: "return the integer value 42.",
    });
    const { request, body: sent } = onlyUpstreamRequest();
    expect(request.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(sent).toMatchObject({ model: "gpt-from-body", temperature: 0, max_tokens: 256, messages, tools });
    expect(sent.tool_choice).toBe("auto");
  });

  it.each(["/passthrough", "/langchain", "/openai_function_passthrough"])(
    "POST %s with input_text uses the defaults: OPENAI_MODEL, temperature 0.5, max_tokens 150",
    async (path) => {
      await expectCompletion(await service.post(path, { input_text: "defaults please" }));
      const { request, body: sent } = onlyUpstreamRequest();
      expect(request.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
      expect(sent).toMatchObject({ model: DEFAULT_MODEL, temperature: 0.5, max_tokens: 150 });
      expect(sent.messages.at(-1)).toEqual({ role: "user", content: "defaults please" });
    },
  );

  it("POST /passthrough with chat_history rebuilds the messages in order", async () => {
    await expectCompletion(
      await service.post("/passthrough", {
        chat_history: [
          { sender: "system", message: "Be brief." },
          { sender: "user", message: "Hi" },
          { sender: "assistant", message: "Hello" },
        ],
        input_text: "Bye",
      }),
    );
    expect(onlyUpstreamRequest().body.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello" },
      { role: "user", content: "Bye" },
    ]);
  });

  it("hands the upstream's tool_calls back to the client", async () => {
    const toolCalls = [
      { id: "call_9", type: "function" as const, function: { name: "lookup", arguments: '{"q":"x"}' } },
    ];
    upstream.reply({ kind: "completion", message: { content: null, tool_calls: toolCalls } });
    const tools = [{ type: "function", function: { name: "lookup" } }];
    const body = await expectCompletion(
      await service.post("/passthrough", { input_text: "look it up", tools }),
    );
    expect(body.choices[0]?.message).toMatchObject({ content: null, tool_calls: toolCalls });
  });
});

describe("the original React client's body", () => {
  it.each(["default-marv-sarcastic-chat", "default-grammar"])(
    "POST /examples/%s answers it: display keys dropped, the welcome bubble not sent as an instruction",
    async (slug) => {
      const app = getCatalog().apps.find((candidate) => candidate.slug === slug);
      if (!app) throw new Error(`${slug} is missing from the catalog`);
      await expectCompletion(
        await service.post(`/examples/${slug}`, ORIGINAL_CLIENT_BODY, { accept: "*/*" }),
      );
      expect(onlyUpstreamRequest().body.messages).toEqual([
        { role: "system", content: app.system_prompt },
        { role: "user", content: "What is the meaning of life?" },
        { role: "user", content: "And why is that?" },
      ]);
    },
  );
});

describe("upstream faults map to the contract's statuses", () => {
  it.each(UPSTREAM_FAULTS)("%s -> %i", async (_name, behaviour, status, type) => {
    upstream.reply(behaviour);
    const response = await service.post("/passthrough", { input_text: "hi" });
    const text = await response.clone().text();
    const body = await expectJsonError(response, status, type);
    expect(text).not.toContain(OPENAI_KEY);
    if (!isCallersFault(status)) expect(text).not.toMatch(/Fake upstream answered|Bad gateway, definitely/);
    if (status === 429) expect(response.headers.get("retry-after")).toBe("7");
    if (status >= 500) expect(body.error.message).toMatch(/model service/);
    if (isCallersFault(status)) expect(body.error.message).toContain(`Fake upstream answered ${status}.`);
    expect(upstream.requests).toHaveLength(1);
  });

  it("maps faults on app routes the same way", async () => {
    upstream.reply({ kind: "status", status: 500 }, { kind: "status", status: 429, retryAfterSeconds: 3 });
    await expectJsonError(
      await service.post("/examples/default-grammar", { input_text: "x" }),
      502,
      "upstream_error",
    );
    const limited = await service.post("/examples/default-summarize", { input_text: "x" });
    await expectJsonError(limited, 429, "rate_limited");
    expect(limited.headers.get("retry-after")).toBe("3");
  });

  it("answers 502 when the upstream cannot be reached at all", async () => {
    const gone = await startFakeUpstream();
    const url = gone.url;
    await gone.close();
    await service.stop();
    service = await startTestService({
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: url,
      OPENAI_MAX_RETRIES: "0",
      OPENAI_TIMEOUT_MS: "1000",
    });
    await expectJsonError(await service.post("/passthrough", { input_text: "hi" }), 502, "upstream_error");
  });
});
