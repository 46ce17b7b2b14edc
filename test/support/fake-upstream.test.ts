import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  InternalServerError,
  RateLimitError,
} from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream } from "./fake-upstream.js";

let upstream: FakeUpstream;
let client: OpenAI;
const ask = (options: { timeout?: number } = {}) =>
  client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] }, options);

beforeAll(async () => {
  upstream = await startFakeUpstream();
  client = new OpenAI({ baseURL: upstream.url, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

describe("fake upstream", () => {
  it("answers a default completion echoing the model and records the request", async () => {
    const completion = await ask();
    expect(completion.model).toBe("gpt-test");
    expect(completion.choices[0]?.message.content).toContain("gpt-test");
    expect(upstream.requests).toHaveLength(1);
    const [recorded] = upstream.requests;
    expect(recorded).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      body: { model: "gpt-test" },
    });
    expect(recorded?.headers.authorization).toBe("Bearer sk-test");
  });

  it("consumes scripted behaviours in order, then falls back to the default", async () => {
    upstream.reply(
      { kind: "completion", message: { content: "first" } },
      {
        kind: "completion",
        message: {
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: "{}" } }],
        },
      },
    );
    expect((await ask()).choices[0]?.message.content).toBe("first");
    const second = await ask();
    expect(second.choices[0]?.finish_reason).toBe("tool_calls");
    expect(second.choices[0]?.message.tool_calls?.[0]?.id).toBe("call_1");
    expect((await ask()).choices[0]?.message.content).toContain("gpt-test");
  });

  it("maps error statuses to the SDK's error classes, with retry-after on 429", async () => {
    upstream.reply(
      { kind: "status", status: 500 },
      { kind: "status", status: 429, retryAfterSeconds: 7 },
      { kind: "status", status: 401 },
    );
    await expect(ask()).rejects.toBeInstanceOf(InternalServerError);
    const rateLimited = await ask().catch((error: unknown) => error);
    expect(rateLimited).toBeInstanceOf(RateLimitError);
    expect((rateLimited as RateLimitError).headers?.get("retry-after")).toBe("7");
    await expect(ask()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("answers garbage and empty choices with status 200", async () => {
    upstream.reply({ kind: "garbage" }, { kind: "empty-choices" });
    await expect(ask()).rejects.toBeInstanceOf(SyntaxError);
    expect((await ask()).choices).toEqual([]);
  });

  it("resets the connection", async () => {
    upstream.reply({ kind: "reset" });
    const error = await ask().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(upstream.aborted).toBe(0);
  });

  it("hangs until the client gives up, and counts the abort", async () => {
    upstream.reply({ kind: "hang" });
    const aborts: string[] = [];
    const stopListening = upstream.onAbort((request) => aborts.push(request.path));
    await expect(ask({ timeout: 150 })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await upstream.waitForAborts(1);
    stopListening();
    expect(upstream.aborted).toBe(1);
    expect(aborts).toEqual(["/v1/chat/completions"]);
  });

  it("streams text pieces with a delay, then [DONE]", async () => {
    upstream.reply({ kind: "stream", chunks: ["Hel", "lo ", "world"], delayMs: 5 });
    const stream = await client.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const pieces: string[] = [];
    for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? "");
    expect(pieces.join("")).toBe("Hello world");
    expect(pieces.filter((piece) => piece !== "")).toEqual(["Hel", "lo ", "world"]);
  });

  it("streams a default completion when the request asks for a stream", async () => {
    const stream = client.chat.completions.stream({
      model: "gpt-test",
      messages: [{ role: "user", content: "hi" }],
    });
    expect((await stream.finalChatCompletion()).choices[0]?.message.content).toContain("gpt-test");
  });

  it("breaks a stream after n chunks", async () => {
    upstream.reply({ kind: "stream-error", after: 2 });
    const stream = await client.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const pieces: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? "");
    };
    await expect(consume()).rejects.toThrow("terminated");
    expect(pieces.join("")).toBe("part 1 part 2 ");
    expect(upstream.aborted).toBe(0);
  });

  it("closes while a request hangs", async () => {
    const hanging = await startFakeUpstream();
    hanging.reply({ kind: "hang" });
    const hangingClient = new OpenAI({ baseURL: hanging.url, apiKey: "sk-test", maxRetries: 0 });
    const pending = hangingClient.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
    });
    const failure = expect(pending).rejects.toBeInstanceOf(APIConnectionError);
    await expect.poll(() => hanging.requests.length).toBe(1);
    await hanging.close();
    await failure;
    expect(hanging.aborted).toBe(0);
  });
});
