import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FinalChunk } from "../../src/common/streaming/chat-events.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { deltaTexts, finalEvent, readEvents } from "../support/sse.js";

let conversations = 0;
const newConversation = () => `stream-conv-${++conversations}-${Date.now()}`;

async function storedTurns(
  service: RunningService,
  id: string,
): Promise<{ role: string; content: string }[]> {
  const response = await fetch(`${service.url}/conversations/${id}`);
  if (response.status === 404) return [];
  return ((await response.json()) as { turns: { role: string; content: string }[] }).turns;
}

describe("langchain streaming against the offline model", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(UNTHROTTLED);
  });
  afterAll(() => service.stop());

  it("streams the buffered answer's text in pieces, then its usage, and stores the finished turn", async () => {
    const body = { input_text: "Tell me about the weather on the coast today." };
    const whole = (await (await service.post("/langchain", body)).json()) as {
      model: string;
      choices: { message: { content: string } }[];
      usage: unknown;
    };
    const conversationId = newConversation();
    const events = await readEvents(
      await service.post("/langchain", { ...body, stream: true, conversation_id: conversationId }),
    );

    const texts = deltaTexts(events);
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.join("")).toBe(whole.choices[0]?.message.content);
    const final = finalEvent<FinalChunk>(events);
    expect(final.usage).toEqual(whole.usage);
    expect(final.model).toBe(whole.model);
    expect(final.request_meta_data).toMatchObject({
      lambda: "lambda_langchain",
      conversation_id: conversationId,
    });
    expect(events.at(-1)?.data).toBe("[DONE]");
    const turns = await storedTurns(service, conversationId);
    expect(turns.map((turn) => turn.role)).toEqual(["user", "assistant"]);
    expect(turns[1]?.content).toBe(texts.join(""));
  });
});

describe("langchain streaming against a slow upstream", () => {
  let upstream: FakeUpstream;
  let service: RunningService;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    service = await startTestService(
      upstreamSettings(upstream, {
        OPENAI_API_KEY: "sk-test-langchain-stream",
        OPENAI_TIMEOUT_MS: "2000",
        ...UNTHROTTLED,
      }),
    );
  });
  afterAll(async () => {
    await service.stop();
    await upstream.close();
  });
  beforeEach(() => upstream.reset());

  it("relays the pieces in order with the upstream's usage", async () => {
    const pieces = ["Once ", "upon ", "a ", "time."];
    upstream.reply({ kind: "stream", chunks: pieces, delayMs: 40 });
    const events = await readEvents(
      await service.post("/langchain", { input_text: "A story?", stream: true }),
    );
    expect(deltaTexts(events)).toEqual(pieces);
    expect(finalEvent<FinalChunk>(events).usage).toEqual({
      prompt_tokens: 10,
      completion_tokens: 4,
      total_tokens: 14,
    });
    expect(upstream.requests[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("ends with an error event and stores nothing when the upstream breaks off", async () => {
    upstream.reply({ kind: "stream-error", after: 2 });
    const conversationId = newConversation();
    const events = await readEvents(
      await service.post("/langchain", {
        input_text: "A story?",
        stream: true,
        conversation_id: conversationId,
      }),
    );
    expect(deltaTexts(events)).toEqual(["part 1 ", "part 2 "]);
    expect(events.at(-1)).toMatchObject({ event: "error", data: { error: { type: "upstream_error" } } });
    expect(await storedTurns(service, conversationId)).toEqual([]);
  });

  it("cuts off a stream that goes quiet for the upstream timeout", async () => {
    upstream.reply({ kind: "stream", chunks: ["late"], delayMs: 2_600 });
    const events = await readEvents(
      await service.post("/langchain", { input_text: "A story?", stream: true }),
    );
    expect(events.at(-1)).toMatchObject({ event: "error", data: { error: { type: "upstream_timeout" } } });
    await upstream.waitForAborts(1);
  });

  it("answers a refusal before the first byte with its status and JSON body", async () => {
    upstream.reply({ kind: "status", status: 429, retryAfterSeconds: 4 });
    const response = await service.post("/langchain", { input_text: "A story?", stream: true });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("4");
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("rate_limited");
  });

  it("aborts the upstream call when the client disconnects", async () => {
    upstream.reply({ kind: "stream", chunks: Array.from({ length: 400 }, () => "token "), delayMs: 10 });
    let seen = 0;
    await readEvents(await service.post("/langchain", { input_text: "A story?", stream: true }), (event) => {
      if (deltaTexts([event]).length > 0) seen += 1;
      return seen < 3;
    });
    await upstream.waitForAborts(1);
    expect(upstream.aborted).toBe(1);
  });
});
