import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FinalChunk } from "../../src/common/streaming/chat-events.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { deltaTexts, finalEvent, readEvents } from "../support/sse.js";

let service: RunningService;
const question = {
  model: "gpt-4o",
  temperature: 0,
  max_tokens: 400,
  messages: [
    { role: "system", content: "You translate into French." },
    { role: "user", content: "Please translate 'the weather is lovely this morning' into French." },
  ],
};

beforeAll(async () => {
  service = await startTestService(UNTHROTTLED);
});
afterAll(() => service.stop());

async function buffered(body: unknown, path = "/passthrough") {
  const response = await service.post(path, body);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    choices: { message: { content: string } }[];
    usage: unknown;
    request_meta_data: unknown;
  };
}

describe("streamed answers from the offline model through the local API", () => {
  it("streams chunks that reassemble to the buffered answer, then usage, metadata and [DONE]", async () => {
    const whole = await buffered(question);
    const response = await service.post("/passthrough", { ...question, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const events = await readEvents(response);

    expect(events.at(-1)?.data).toBe("[DONE]");
    const texts = deltaTexts(events);
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.join("")).toBe(whole.choices[0]?.message.content);
    const final = finalEvent<FinalChunk>(events);
    expect(events.at(-2)?.data).toBe(final);
    expect(final.choices).toEqual([]);
    expect(final.usage).toEqual(whole.usage);
    expect(final.request_meta_data).toEqual(whole.request_meta_data);
    const firstChunk = events[0]?.data as { id: string; choices: { delta: { role?: string } }[] };
    expect(firstChunk.choices[0]?.delta.role).toBe("assistant");
    expect(final.id).toBe(firstChunk.id);
  });

  it("streams for Accept: text/event-stream, unless the body says stream: false", async () => {
    const accept = { accept: "text/event-stream" };
    const streamed = await service.post("/passthrough", question, accept);
    expect(streamed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect((await readEvents(streamed)).at(-1)?.data).toBe("[DONE]");
    const declined = await service.post("/passthrough", { ...question, stream: false }, accept);
    expect(declined.headers.get("content-type")).toMatch(/^application\/json/);
    await declined.json();
  });

  it("streams an app route with the app's prompt and settings", async () => {
    const body = { input_text: "Me and him was late." };
    const whole = await buffered(body, "/examples/default-grammar");
    const events = await readEvents(
      await service.post("/examples/default-grammar", { ...body, stream: true }),
    );
    expect(deltaTexts(events).join("")).toBe(whole.choices[0]?.message.content);
    expect(finalEvent<FinalChunk>(events).request_meta_data).toEqual(whole.request_meta_data);
  });

  it("keeps the status and JSON error body of a request refused before the first byte", async () => {
    const invalid = await service.post("/passthrough", { ...question, temperature: 7, stream: true });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/^temperature/);

    const unknownApp = await service.post("/examples/no-such-app", { input_text: "hi", stream: true });
    expect(unknownApp.status).toBe(404);
    await unknownApp.json();
  });

  it("leaves answers without stream exactly as they were", async () => {
    const response = await service.post("/passthrough", question);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(Object.keys((await response.json()) as object)).toEqual([
      "id",
      "object",
      "created",
      "model",
      "choices",
      "usage",
      "request_meta_data",
    ]);
  });
});

describe("gateway checks on streamed requests", () => {
  let guarded: RunningService;
  beforeAll(async () => {
    guarded = await startTestService({
      API_KEYS: "key-one,key-two",
      THROTTLE_SETTINGS_BURST_LIMIT: "3",
      THROTTLE_SETTINGS_RATE_LIMIT: "0.01",
    });
  });
  afterAll(() => guarded.stop());

  it("asks for the API key before streaming, and throttles streams like any request", async () => {
    const body = { ...question, stream: true };
    expect((await guarded.post("/passthrough", body)).status).toBe(401);
    expect((await guarded.post("/passthrough", body, { "x-api-key": "wrong" })).status).toBe(403);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await guarded.post("/passthrough", body, { "x-api-key": "key-two" });
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
