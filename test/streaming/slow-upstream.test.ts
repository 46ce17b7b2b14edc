import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FinalChunk } from "../../src/common/streaming/chat-events.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { deltaTexts, finalEvent, readEvents } from "../support/sse.js";

const SECRET_KEY = "sk-test-secret-streaming-key";
let upstream: FakeUpstream;
let service: RunningService;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  service = await startTestService(
    upstreamSettings(upstream, { OPENAI_API_KEY: SECRET_KEY, OPENAI_TIMEOUT_MS: "2000", ...UNTHROTTLED }),
  );
});
afterAll(async () => {
  await service.stop();
  await upstream.close();
});
beforeEach(() => upstream.reset());

const ask = { input_text: "Tell me a story.", stream: true };
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index} `);

describe("streaming from a slow upstream", () => {
  it("relays every chunk in order as it arrives, then the usage the upstream reported", async () => {
    const pieces = words(8);
    upstream.reply({ kind: "stream", chunks: pieces, delayMs: 60 });
    const events = await readEvents(await service.post("/passthrough", ask));

    expect(deltaTexts(events)).toEqual(pieces);
    const textEvents = events.filter((event) => deltaTexts([event]).length > 0);
    // The first words reach the client long before the upstream has finished writing.
    const spread = (textEvents.at(-1)?.at ?? 0) - (textEvents[0]?.at ?? 0);
    expect(spread).toBeGreaterThan(60 * 5);
    expect(finalEvent<FinalChunk>(events).usage).toEqual({
      prompt_tokens: 10,
      completion_tokens: pieces.length,
      total_tokens: 10 + pieces.length,
    });
    expect(upstream.requests[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("ends with an error event (no [DONE]) when the upstream breaks off mid-answer", async () => {
    upstream.reply({ kind: "stream-error", after: 2 });
    const response = await service.post("/passthrough", ask);
    expect(response.status).toBe(200);
    const events = await readEvents(response);

    expect(deltaTexts(events)).toEqual(["part 1 ", "part 2 "]);
    const last = events.at(-1);
    expect(last?.event).toBe("error");
    expect(last?.data).toEqual({
      error: {
        type: "upstream_error",
        message: expect.any(String),
        request_id: response.headers.get("x-request-id"),
      },
    });
    expect(events.some((event) => event.data === "[DONE]")).toBe(false);
    expect(JSON.stringify(events)).not.toContain(SECRET_KEY);
  });

  it("cuts off a stream that goes quiet for the upstream timeout with an upstream_timeout event", async () => {
    upstream.reply({ kind: "stream", chunks: ["late"], delayMs: 2_600 });
    const started = performance.now();
    const events = await readEvents(await service.post("/passthrough", ask));
    expect(events.at(-1)).toMatchObject({ event: "error", data: { error: { type: "upstream_timeout" } } });
    expect(deltaTexts(events)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_500);
    await upstream.waitForAborts(1);
  });

  it.each([
    [{ kind: "status", status: 500 }, 502, "upstream_error"],
    [{ kind: "status", status: 429, retryAfterSeconds: 9 }, 429, "rate_limited"],
    [{ kind: "hang" }, 504, "upstream_timeout"],
  ] as const)(
    "answers an upstream refusal %j with status %i and a JSON body",
    async (behaviour, status, type) => {
      upstream.reply(behaviour);
      const response = await service.post("/passthrough", ask);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(((await response.json()) as { error: { type: string } }).error.type).toBe(type);
      if (status === 429) expect(response.headers.get("retry-after")).toBe("9");
    },
  );

  it("aborts the upstream call when the client disconnects", async () => {
    upstream.reply({ kind: "stream", chunks: words(500), delayMs: 10 });
    const response = await service.post("/passthrough", ask);
    let seen = 0;
    await readEvents(response, (event) => {
      if (deltaTexts([event]).length > 0) seen += 1;
      return seen < 3;
    });
    await upstream.waitForAborts(1);
    expect(upstream.aborted).toBe(1);
    expect(upstream.requests).toHaveLength(1);
    await expect
      .poll(() => service.accessLog.at(-1))
      .toMatch(/^POST \/passthrough 200 \(client closed\) [\d.]+ms /);
  });

  it("is read by the official OpenAI SDK as a chat completion stream, errors included", async () => {
    const client = new OpenAI({
      apiKey: "unused",
      maxRetries: 0,
      fetch: (_url, init) => fetch(`${service.url}/passthrough`, init),
    });
    const request = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Hi" }] };
    upstream.reply({ kind: "stream", chunks: ["Hello", ", ", "world"] });
    let text = "";
    for await (const chunk of await client.chat.completions.create({ ...request, stream: true }))
      text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Hello, world");

    upstream.reply({ kind: "stream-error", after: 1 });
    const broken = await client.chat.completions.create({ ...request, stream: true });
    await expect(async () => {
      for await (const _chunk of broken);
    }).rejects.toBeInstanceOf(OpenAI.APIError);
  });
});
