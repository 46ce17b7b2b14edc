import type { AIMessageChunk, UsageMetadata } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import OpenAI from "openai";
import type { ChatCompletionChunk } from "openai/resources";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findApp, getCatalog } from "../../src/common/catalog/index.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";

/**
 * The official openai SDK, pointed at the local server's /v1, is the client. The server's upstream
 * is a fake OpenAI, so what each model id sends to the model can be read back.
 */

const API_KEY = "door-key-0123456789";
const ALLOWED = ["gpt-allowed-a", "gpt-allowed-b"];

let upstream: FakeUpstream;
let service: RunningService;
let client: OpenAI;

interface SentBody {
  model: string;
  temperature: number;
  max_tokens: number;
  messages: { role: string; content: unknown }[];
  tools?: { function: { name: string } }[];
  tool_choice?: unknown;
  stream?: boolean;
}

function sentBody(index = 0): SentBody {
  const request = upstream.requests[index];
  if (!request) throw new Error(`the upstream got no request #${index}`);
  return request.body as SentBody;
}

const clientFor = (apiKey: string) =>
  new OpenAI({ apiKey, baseURL: `${service.url}/v1`, maxRetries: 0, timeout: 10_000 });

beforeAll(async () => {
  upstream = await startFakeUpstream();
  service = await startTestService(
    upstreamSettings(upstream, { ...UNTHROTTLED, API_KEYS: API_KEY, ALLOWED_MODELS: ALLOWED.join(",") }),
  );
  client = clientFor(API_KEY);
});
afterAll(async () => {
  await service?.stop();
  await upstream?.close();
});
beforeEach(() => upstream.reset());

const hello = [{ role: "user" as const, content: "Hello there" }];

describe("chat completions through the openai SDK", () => {
  it("passes an allowed upstream model through, with the client's parameters", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-allowed-a",
      messages: hello,
      temperature: 0.2,
      max_completion_tokens: 77,
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toEqual(expect.any(String));
    expect(completion).not.toHaveProperty("request_meta_data");
    const sent = sentBody();
    expect(sent).toMatchObject({ model: "gpt-allowed-a", temperature: 0.2, max_tokens: 77, messages: hello });
  });

  it("sends OpenAI's defaults when the client leaves temperature and max tokens out", async () => {
    await client.chat.completions.create({ model: "gpt-allowed-b", messages: hello });
    expect(sentBody()).toMatchObject({ temperature: 1, max_tokens: 4096 });
  });

  it.each(["default-grammar", "default-marv-sarcastic-chat"])(
    "runs the app %s as a model: its prompt, temperature and max_tokens over the client's messages",
    async (slug) => {
      const app = findApp(slug);
      if (!app) throw new Error(`no app ${slug}`);
      const conversation = [
        { role: "user" as const, content: "First" },
        { role: "assistant" as const, content: "An answer" },
        { role: "user" as const, content: "Second" },
      ];
      const completion = await client.chat.completions.create({
        model: slug,
        messages: conversation,
        temperature: 0,
      });
      expect(completion.choices[0]?.message.role).toBe("assistant");
      const sent = sentBody();
      expect(sent.temperature).toBe(app.temperature);
      expect(sent.max_tokens).toBe(app.max_tokens);
      expect(sent.messages).toEqual([{ role: "system", content: app.system_prompt }, ...conversation]);
    },
  );

  it("runs openai-function-calling on the plugin handler: its tools go to the model", async () => {
    await client.chat.completions.create({ model: "openai-function-calling", messages: hello });
    const names = sentBody().tools?.map((tool) => tool.function.name) ?? [];
    expect(names).toContain("get_current_weather");
  });

  it("passes the client's tools and tool_choice through, and their calls back", async () => {
    const tools = [
      {
        type: "function" as const,
        function: { name: "lookup_order", parameters: { type: "object", properties: {} } },
      },
    ];
    upstream.reply({
      kind: "completion",
      message: {
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup_order", arguments: "{}" } }],
      },
      finish_reason: "tool_calls",
    });
    const completion = await client.chat.completions.create({
      model: "gpt-allowed-a",
      messages: hello,
      tools,
      tool_choice: "required",
    });
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      id: "call_1",
      function: { name: "lookup_order" },
    });
    expect(sentBody()).toMatchObject({ tools, tool_choice: "required" });
  });

  it("accepts the key as x-api-key too", async () => {
    const viaHeader = new OpenAI({
      apiKey: "not-the-key",
      baseURL: `${service.url}/v1`,
      maxRetries: 0,
      defaultHeaders: { "x-api-key": API_KEY },
    });
    const completion = await viaHeader.chat.completions.create({ model: "default-grammar", messages: hello });
    expect(completion.object).toBe("chat.completion");
  });
});

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");

describe("streaming", () => {
  it("streams chat.completion.chunk events and no usage unless asked", async () => {
    upstream.reply({ kind: "stream", chunks: ["Hel", "lo ", "world"] });
    const chunks = await collect(
      await client.chat.completions.create({ model: "gpt-allowed-a", messages: hello, stream: true }),
    );
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(textOf(chunks)).toBe("Hello world");
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect(chunks.some((chunk) => "request_meta_data" in chunk)).toBe(false);
  });

  it("ends with a usage chunk without choices when stream_options.include_usage is set", async () => {
    upstream.reply({ kind: "stream", chunks: ["One ", "two"] });
    const chunks = await collect(
      await client.chat.completions.create({
        model: "default-grammar",
        messages: hello,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toEqual(expect.any(Number));
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(textOf(chunks)).toBe("One two");
  });

  it("streams a langchain app and the plugin app as models", async () => {
    for (const model of ["default-marv-sarcastic-chat", "openai-function-calling"]) {
      upstream.reply({ kind: "stream", chunks: ["Sure", "."] });
      const chunks = await collect(
        await client.chat.completions.create({ model, messages: hello, stream: true }),
      );
      expect(textOf(chunks)).toBe("Sure.");
    }
  });

  it("ends the stream with an error the SDK raises when the upstream breaks off", async () => {
    upstream.reply({ kind: "stream-error", after: 2 });
    const stream = await client.chat.completions.create({
      model: "gpt-allowed-a",
      messages: hello,
      stream: true,
    });
    await expect(collect(stream)).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it("sends the raw events OpenAI sends, ending with data: [DONE]", async () => {
    upstream.reply({ kind: "stream", chunks: ["Hi"] });
    const response = await fetch(`${service.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-allowed-a", messages: hello, stream: true }),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(text).not.toContain("event:");
  });
});

describe("paths under /v1", () => {
  it("answers an unknown one 404 in OpenAI's shape: the stage is not part of the path", async () => {
    const response = await service.post(
      "/v1/passthrough",
      { model: "x" },
      { authorization: `Bearer ${API_KEY}` },
    );
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("not_found_error");
  });
});

describe("models", () => {
  it("lists every app with its title, then the allowed upstream models", async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    const apps = getCatalog().apps;
    expect(models.map((model) => model.id)).toEqual([...apps.map((app) => app.slug), ...ALLOWED]);
    expect(models[0]).toMatchObject({ object: "model", title: apps[0]?.title, owned_by: "aws-openai" });
  });
});

describe("errors raise the SDK's classes, in OpenAI's shape", () => {
  it("400 BadRequestError naming the field", async () => {
    const error = await client.chat.completions
      .create({ model: "gpt-allowed-a", messages: [{ role: "user", content: 42 as unknown as string }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const { message, param, type } = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(message).toContain("messages.0.content");
    expect(param).toBe("messages.0.content");
    expect(type).toBe("invalid_request_error");
  });

  it("400 for a field OpenAI has and this service does not serve", async () => {
    const error = await client.chat.completions
      .create({ model: "gpt-allowed-a", messages: hello, n: 2 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("n:");
  });

  it("401 AuthenticationError without a key", async () => {
    const response = await fetch(`${service.url}/v1/models`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        message: expect.stringContaining("API key"),
        type: "authentication_error",
        param: null,
        code: "unauthorized",
      },
    });
    // The SDK insists on a key; a null header leaves its Authorization out.
    const keyless = new OpenAI({
      apiKey: "unsent",
      baseURL: `${service.url}/v1`,
      maxRetries: 0,
      defaultHeaders: { authorization: null },
    });
    await expect(keyless.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("403 PermissionDeniedError with a wrong key", async () => {
    await expect(
      clientFor("wrong-key").chat.completions.create({ model: "gpt-allowed-a", messages: hello }),
    ).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it("404 NotFoundError for a model neither an app nor allowed", async () => {
    const error = await client.chat.completions
      .create({ model: "gpt-not-allowed", messages: hello })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).param).toBe("model");
    expect(upstream.requests).toHaveLength(0);
  });

  it("429 RateLimitError with Retry-After when the upstream is rate limited", async () => {
    upstream.reply({ kind: "status", status: 429, retryAfterSeconds: 7 });
    const error = await client.chat.completions
      .create({ model: "gpt-allowed-a", messages: hello })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get("retry-after")).toBe("7");
  });

  it("5xx InternalServerError when the upstream fails, with a fixed public message", async () => {
    upstream.reply({ kind: "status", status: 500 });
    const error = await client.chat.completions
      .create({ model: "default-grammar", messages: hello })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(502);
    expect((error as Error).message).not.toContain("Fake upstream");
  });

  it("5xx before a stream's first chunk is a status, not an event", async () => {
    upstream.reply({ kind: "status", status: 503 });
    await expect(
      client.chat.completions.create({ model: "gpt-allowed-a", messages: hello, stream: true }),
    ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
  });
});

describe("the gateway's own 429", () => {
  let throttled: RunningService;
  beforeAll(async () => {
    throttled = await startTestService(
      upstreamSettings(upstream, {
        API_KEYS: API_KEY,
        THROTTLE_SETTINGS_RATE_LIMIT: "0.001",
        THROTTLE_SETTINGS_BURST_LIMIT: "1",
      }),
    );
  });
  afterAll(() => throttled?.stop());

  it("is a RateLimitError with Retry-After, for a Bearer key", async () => {
    const sdk = new OpenAI({ apiKey: API_KEY, baseURL: `${throttled.url}/v1`, maxRetries: 0 });
    await sdk.models.list();
    const error = await sdk.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(Number(rateLimit.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(rateLimit.type).toBe("rate_limit_error");
  });
});

describe("LangChain's ChatOpenAI as the client", () => {
  const chatModel = (model: string, apiKey = API_KEY) =>
    new ChatOpenAI({ model, apiKey, maxRetries: 0, configuration: { baseURL: `${service.url}/v1` } });

  it("chats with an upstream model", async () => {
    const answer = await chatModel("gpt-allowed-a").invoke("Hello there");
    expect(answer.text).toEqual(expect.any(String));
    expect(sentBody()).toMatchObject({ model: "gpt-allowed-a", messages: hello });
  });

  it("runs an app as the model", async () => {
    const app = findApp("default-marv-sarcastic-chat");
    await chatModel("default-marv-sarcastic-chat").invoke("Hello there");
    expect(sentBody().messages).toEqual([{ role: "system", content: app?.system_prompt }, ...hello]);
  });

  it("streams, with the usage LangChain asks for", async () => {
    upstream.reply({ kind: "stream", chunks: ["Str", "eamed"] });
    const pieces: AIMessageChunk[] = [];
    for await (const piece of await chatModel("default-grammar").stream("Hello there")) pieces.push(piece);
    const whole = pieces.reduce((sum, piece) => sum.concat(piece));
    expect(whole.text).toBe("Streamed");
    const usage: Partial<UsageMetadata> = whole.usage_metadata ?? {};
    expect(usage.total_tokens).toEqual(expect.any(Number));
    expect(sentBody()).toMatchObject({ stream: true });
  });

  it("binds tools: they pass through, and the model's calls come back", async () => {
    upstream.reply({
      kind: "completion",
      message: {
        content: null,
        tool_calls: [
          { id: "call_9", type: "function", function: { name: "lookup_order", arguments: '{"id":"A1"}' } },
        ],
      },
      finish_reason: "tool_calls",
    });
    const withTools = chatModel("gpt-allowed-b").bindTools([
      {
        type: "function",
        function: {
          name: "lookup_order",
          parameters: { type: "object", properties: { id: { type: "string" } } },
        },
      },
    ]);
    const answer = await withTools.invoke("Where is order A1?");
    expect(answer.tool_calls).toEqual([
      expect.objectContaining({ name: "lookup_order", args: { id: "A1" } }),
    ]);
    expect(sentBody().tools?.[0]?.function.name).toBe("lookup_order");
  });

  it.each([
    ["an unknown model", "gpt-not-allowed", API_KEY, OpenAI.NotFoundError],
    ["a wrong key", "default-grammar", "wrong-key", OpenAI.PermissionDeniedError],
  ])("raises the SDK's error class for %s", async (_case, model, apiKey, errorClass) => {
    await expect(chatModel(model, apiKey).invoke("Hello there")).rejects.toBeInstanceOf(errorClass);
  });

  it("raises a RateLimitError and an InternalServerError from the upstream's failures", async () => {
    upstream.reply({ kind: "status", status: 429, retryAfterSeconds: 3 }, { kind: "status", status: 500 });
    await expect(chatModel("gpt-allowed-a").invoke("Hi")).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(chatModel("gpt-allowed-a").invoke("Hi")).rejects.toBeInstanceOf(OpenAI.InternalServerError);
  });
});
