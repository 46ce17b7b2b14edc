import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ProxyHandler } from "../../src/adapters/rest-proxy/handler.js";
import { langchainHandler } from "../../src/handlers/langchain/index.js";
import { langchainServices } from "../../src/handlers/langchain/services.js";
import { fixtureEvent, passthroughEvent } from "../support/events.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { testContext } from "../support/lambda-context.js";
import { testServices } from "../support/settings.js";
import { wholeAnswers } from "../support/streaming-entry.js";
import { expectMappedFault, UPSTREAM_FAULTS } from "../support/upstream-faults.js";

interface SentBody {
  model: string;
  temperature: number;
  max_tokens: number;
  messages: { role: string; content: string }[];
  [field: string]: unknown;
}

let upstream: FakeUpstream;

const sentBody = (index = 0) => upstream.requests[index]?.body as SentBody;
const roles = (body: SentBody) => body.messages.map((message) => message.role);
const priorTurns = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    sender: index % 2 === 0 ? ("user" as const) : ("assistant" as const),
    message: `turn ${index}`,
  }));

function marvEvent(body: unknown) {
  return fixtureEvent("app-default-grammar", {
    resource: "/examples/default-marv-sarcastic-chat",
    path: "/examples/default-marv-sarcastic-chat",
    body: JSON.stringify(body),
  });
}

let handler: ProxyHandler;

function useSettings(env: Record<string, string>) {
  handler = wholeAnswers(langchainHandler(testServices(langchainServices, env)));
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.reset();
  useSettings(
    upstreamSettings(upstream, {
      OPENAI_ORGANIZATION: "org-test",
      OPENAI_TIMEOUT_MS: "1000",
      OPENAI_MODEL: "default-model",
    }),
  );
});

describe("langchain handler", () => {
  it("answers the passthrough fixture with a chat.completion and lambda_langchain", async () => {
    const result = await handler(
      passthroughEvent(fixtureEvent("passthrough").body, "/langchain"),
      testContext(),
    );
    expect(result.statusCode).toBe(200);
    const sent = upstream.requests[0];
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe("Bearer sk-test-secret-key-123");
    expect(sent?.headers["openai-organization"]).toBe("org-test");
    expect(sent?.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0, max_tokens: 256 });
    expect(sentBody().messages).toEqual([
      { role: "system", content: "you always return the integer value 42." },
      { role: "user", content: "return the integer value 42." },
    ]);
    const body = JSON.parse(result.body);
    expect(body).toMatchObject({
      id: "chatcmpl-fake-1",
      object: "chat.completion",
      model: "gpt-4o-mini",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Fake answer from gpt-4o-mini." },
          finish_reason: "stop",
        },
      ],
      request_meta_data: {
        lambda: "lambda_langchain",
        model: "gpt-4o-mini",
        object_type: "chat.completion",
        input_text: "return the integer value 42.",
      },
    });
    expect(body.created).toBeTypeOf("number");
    expect(body.request_meta_data.conversation_id).toBeUndefined();
  });

  it("returns the token counts the model reported", async () => {
    const usage = { prompt_tokens: 123, completion_tokens: 45, total_tokens: 168 };
    upstream.reply({ kind: "completion", usage });
    const result = await handler(passthroughEvent({ input_text: "count me" }, "/langchain"), testContext());
    expect(JSON.parse(result.body).usage).toEqual(usage);
  });

  it.each([0, 1, 5])("sends %i prior chat_history turns in order, then the new input", async (count) => {
    const history = priorTurns(count);
    await handler(
      passthroughEvent({ chat_history: history, input_text: "and now?" }, "/langchain"),
      testContext(),
    );
    expect(sentBody().messages).toEqual([
      ...history.map(({ sender, message }) => ({ role: sender, content: message })),
      { role: "user", content: "and now?" },
    ]);
  });

  it.each([0, 1, 5])(
    "keeps %i prior turns of a messages array in order after the system prompt",
    async (count) => {
      const prior = priorTurns(count).map(({ sender, message }) => ({ role: sender, content: message }));
      const messages = [
        { role: "system", content: "be brief" },
        ...prior,
        { role: "user", content: "last question" },
      ];
      await handler(passthroughEvent({ messages }, "/langchain"), testContext());
      expect(sentBody().messages).toEqual(messages);
    },
  );

  it("puts the app's system prompt first for the Marv app, then history and the input", async () => {
    const result = await handler(
      marvEvent({ input_text: "What is HTML?", chat_history: priorTurns(2) }),
      testContext(),
    );
    expect(result.statusCode).toBe(200);
    const sent = sentBody();
    expect(sent).toMatchObject({ model: "default-model", temperature: 0.5, max_tokens: 256 });
    expect(roles(sent)).toEqual(["system", "user", "assistant", "user"]);
    expect(sent.messages[0]?.content).toMatch(/^You are Marv/);
    expect(sent.messages.at(-1)?.content).toBe("What is HTML?");
    expect(JSON.parse(result.body).request_meta_data).toMatchObject({
      lambda: "lambda_langchain",
      app: "default-marv-sarcastic-chat",
    });
  });

  it("passes sampling parameters and tools through, and returns the model's tool calls", async () => {
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }];
    const toolCalls = [
      { id: "call_7", type: "function" as const, function: { name: "lookup", arguments: '{"q":"x"}' } },
    ];
    upstream.reply({ kind: "completion", message: { content: null, tool_calls: toolCalls } });
    const result = await handler(
      passthroughEvent(
        {
          input_text: "look it up",
          tools,
          tool_choice: "auto",
          top_p: 0.9,
          presence_penalty: 0.5,
          frequency_penalty: 0.25,
          seed: 7,
          stop: "END",
          user: "user-1",
        },
        "/langchain",
      ),
      testContext(),
    );
    expect(sentBody()).toMatchObject({
      tools,
      tool_choice: "auto",
      top_p: 0.9,
      presence_penalty: 0.5,
      frequency_penalty: 0.25,
      seed: 7,
      stop: ["END"],
      user: "user-1",
    });
    const choice = JSON.parse(result.body).choices[0];
    expect(choice).toMatchObject({
      finish_reason: "tool_calls",
      message: { content: null, tool_calls: toolCalls },
    });
  });

  it("sends each request's own fields when one warm function answers many, past the models it keeps", async () => {
    const asked = Array.from({ length: 40 }, (_, index) => ({
      temperature: (index % 20) / 10,
      max_tokens: 100 + (index % 2),
      ...(index % 3 === 0 ? { top_p: 0.5 } : {}),
      ...(index % 5 === 0 ? { seed: index } : {}),
    }));
    for (const fields of [...asked, ...asked.slice(0, 3)]) {
      const result = await handler(
        passthroughEvent({ input_text: "again", ...fields }, "/langchain"),
        testContext(),
      );
      expect(result.statusCode).toBe(200);
    }
    const sent = upstream.requests.map((request) => request.body as SentBody);
    [...asked, ...asked.slice(0, 3)].forEach((fields, index) => {
      const body = sent[index];
      expect(body).toMatchObject(fields);
      if (!("top_p" in fields)) expect(body).not.toHaveProperty("top_p");
      if (!("seed" in fields)) expect(body).not.toHaveProperty("seed");
    });
  });

  it("sends earlier tool calls and results back in the OpenAI shape", async () => {
    const messages = [
      { role: "user", content: "weather in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ];
    await handler(passthroughEvent({ messages }, "/langchain"), testContext());
    type SentToolCall = { id: string; type: string; function: { name: string; arguments: string } };
    const sent = sentBody().messages as unknown as { role: string; tool_calls?: SentToolCall[] }[];
    expect(sent.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    const [call] = sent[1]?.tool_calls ?? [];
    expect(call).toMatchObject({ id: "call_1", type: "function", function: { name: "weather" } });
    expect(JSON.parse(call?.function.arguments ?? "null")).toEqual({ city: "Paris" });
    expect(sent[2]).toMatchObject({ role: "tool", tool_call_id: "call_1", content: "sunny" });
  });

  it("rejects tool call arguments that are not a JSON object, naming the field", async () => {
    const messages = [
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "weather", arguments: "not json" } },
        ],
      },
      { role: "user", content: "hi" },
    ];
    const result = await handler(passthroughEvent({ messages }, "/langchain"), testContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).error.message).toContain("messages.0.tool_calls.0.function.arguments");
    expect(upstream.requests).toHaveLength(0);
  });

  it.each(UPSTREAM_FAULTS)(
    "maps upstream %s to %i like the SDK path",
    async (_name, behaviour, status, type) => {
      upstream.reply(behaviour);
      const result = await handler(passthroughEvent({ input_text: "hi" }, "/langchain"), testContext());
      expectMappedFault(result, status, type, "sk-test-secret-key-123");
      expect(result.body).not.toContain("langchain.com");
    },
  );

  it("retries as many times as OPENAI_MAX_RETRIES allows", async () => {
    useSettings(
      upstreamSettings(upstream, {
        OPENAI_API_KEY: "sk-test",
        OPENAI_MAX_RETRIES: "1",
        OPENAI_TIMEOUT_MS: "1000",
      }),
    );
    upstream.reply({ kind: "status", status: 500 }, { kind: "status", status: 500 });
    const result = await handler(passthroughEvent({ input_text: "hi" }, "/langchain"), testContext());
    expect(result.statusCode).toBe(502);
    expect(upstream.requests).toHaveLength(2);
  });
});
