import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SettingsError } from "../../src/common/settings/index.js";
import { langchainServices } from "../../src/handlers/langchain/services.js";
import { functionServices } from "../../src/handlers/openai_function/services.js";
import { openAIV2Services } from "../../src/handlers/openai_v2/services.js";
import { invokeStreamingHandler } from "../../src/local/awslambda/invoke.js";
import { RuntimeResponseStream } from "../../src/local/awslambda/runtime-response-stream.js";
import { streamRequestEvent } from "../support/events.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { testContext } from "../support/lambda-context.js";
import { testServices } from "../support/settings.js";
import { deltaTexts, parseEvents } from "../support/sse.js";
import { invokeStreamingEntry, leaveOnAbort, recordingSink } from "../support/streaming-entry.js";

type Entries = {
  openaiV2: typeof import("../../src/handlers/openai_v2/index.js");
  langchain: typeof import("../../src/handlers/langchain/index.js");
  openaiFunction: typeof import("../../src/handlers/openai_function/index.js");
};
type StreamingEntry = ReturnType<Entries["openaiV2"]["openAIV2Handler"]>;
let entries: Entries;
let handler: StreamingEntry;
let upstream: FakeUpstream;

const env = (extra: Record<string, string> = {}) =>
  upstreamSettings(upstream, { OPENAI_TIMEOUT_MS: "1000", ...extra });

beforeAll(async () => {
  // The entries call awslambda.streamifyResponse when they load, as in Lambda (test/support/lambda-runtime.ts).
  entries = {
    openaiV2: await import("../../src/handlers/openai_v2/index.js"),
    langchain: await import("../../src/handlers/langchain/index.js"),
    openaiFunction: await import("../../src/handlers/openai_function/index.js"),
  };
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.reset();
  handler = entries.openaiV2.openAIV2Handler(testServices(openAIV2Services, env()));
});

describe("openai_v2 behind API Gateway's STREAM integration", () => {
  it("writes the HTTP integration prelude, eight NUL bytes, then the event stream", async () => {
    upstream.reply({ kind: "stream", chunks: ["The answer", " is 42."] });
    const written: { chunk: Buffer; contentType: string }[] = [];
    const stream = new RuntimeResponseStream(async (chunk, contentType) => {
      written.push({ chunk, contentType });
    });
    await handler(streamRequestEvent(), stream, testContext());

    expect(stream.writableFinished).toBe(true);
    expect(new Set(written.map((w) => w.contentType))).toEqual(
      new Set(["application/vnd.awslambda.http-integration-response"]),
    );
    const bytes = Buffer.concat(written.map((w) => w.chunk));
    const delimiterAt = bytes.indexOf(Buffer.alloc(8));
    const prelude = JSON.parse(bytes.subarray(0, delimiterAt).toString("utf8"));
    expect(prelude).toEqual({
      statusCode: 200,
      headers: expect.objectContaining({
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "X-Request-Id": "7b3c1f2e-9a8d-4c5b-8e7f-1a2b3c4d5e6f",
      }),
    });
    const body = bytes.subarray(delimiterAt + 8).toString("utf8");
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(deltaTexts(parseEvents(body))).toEqual(["The answer", " is 42."]);
    expect(upstream.requests[0]?.body).toMatchObject({ model: "gpt-4o-mini", stream: true });
  });

  it("answers a request without stream whole, as JSON, through the same prelude", async () => {
    const view = await invokeStreamingEntry(
      handler,
      streamRequestEvent({ headers: { accept: "application/json" } }),
    );
    expect(view.head?.statusCode).toBe(200);
    expect(view.head?.headers["Content-Type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(view.body)).toMatchObject({
      object: "chat.completion",
      request_meta_data: { lambda: "lambda_openai_v2" },
    });
    expect(view.ended).toBe(true);
  });

  it("answers 404 for a resource no route has", async () => {
    const view = await invokeStreamingEntry(
      handler,
      streamRequestEvent({ resource: "/examples/no-such-app" }),
    );
    expect(view.head?.statusCode).toBe(404);
    expect(JSON.parse(view.body)).toMatchObject({
      error: { request_id: "7b3c1f2e-9a8d-4c5b-8e7f-1a2b3c4d5e6f" },
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it("answers an app route with the app's settings", async () => {
    upstream.reply({ kind: "stream", chunks: ["Fixed."] });
    const event = streamRequestEvent({
      resource: "/examples/default-grammar",
      body: { input_text: "Me and him was late." },
    });
    const view = await invokeStreamingEntry(handler, event);
    expect(deltaTexts(parseEvents(view.body))).toEqual(["Fixed."]);
    const sent = upstream.requests[0]?.body as { messages: { role: string }[] };
    expect(sent.messages[0]?.role).toBe("system");
  });

  it("aborts the upstream call when the client goes away mid-stream", async () => {
    upstream.reply({ kind: "stream", chunks: Array.from({ length: 300 }, () => "token "), delayMs: 10 });
    const clientGone = new AbortController();
    const { sink, view } = recordingSink();
    const reading = invokeStreamingHandler(
      handler,
      streamRequestEvent(),
      testContext(),
      {
        ...sink,
        body: async (chunk) => {
          await sink.body(chunk);
          if (view.pieces.length === 3) clientGone.abort();
        },
      },
      leaveOnAbort(clientGone.signal),
    );
    await upstream.waitForAborts(1);
    await reading;
    expect(upstream.aborted).toBe(1);
    expect(view.ended).toBe(false);
  });

  it("is langchain's entry too, streaming /langchain", async () => {
    const langchain = entries.langchain.langchainHandler(testServices(langchainServices, env()));
    upstream.reply({ kind: "stream", chunks: ["Through ", "LangChain."] });
    const body = { input_text: "Hi", stream: true };
    const view = await invokeStreamingEntry(langchain, streamRequestEvent({ resource: "/langchain", body }));
    expect(view.head?.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(deltaTexts(parseEvents(view.body))).toEqual(["Through ", "LangChain."]);
  });

  it("is openai_function's entry too, streaming its passthrough route", async () => {
    const openaiFunction = entries.openaiFunction.functionHandler(testServices(functionServices, env()));
    upstream.reply({ kind: "stream", chunks: ["No tools ", "needed."] });
    const body = { input_text: "Hi", stream: true };
    const resource = "/openai_function_passthrough";
    const view = await invokeStreamingEntry(openaiFunction, streamRequestEvent({ resource, body }));
    expect(deltaTexts(parseEvents(view.body))).toEqual(["No tools ", "needed."]);
    expect(view.body).toContain('"lambda":"lambda_openai_function"');
  });

  it("answers a bad streamed request with a JSON 400 carrying the configured CORS origin", async () => {
    const origin = "https://chat.example.com";
    const strict = entries.openaiV2.openAIV2Handler(
      testServices(openAIV2Services, env({ CORS_ALLOW_ORIGIN: origin })),
    );
    const view = await invokeStreamingEntry(
      strict,
      streamRequestEvent({ body: { stream: true, temperature: 9 } }),
    );
    expect(view.head?.statusCode).toBe(400);
    expect(view.head?.headers["Access-Control-Allow-Origin"]).toBe(origin);
    expect(JSON.parse(view.body)).toMatchObject({ error: { type: "invalid_request" } });
  });

  it("answers 503 misconfigured, with no origin allowed, when its settings cannot be loaded", async () => {
    const broken = entries.openaiV2.openAIV2Handler(() =>
      Promise.reject(new SettingsError("Invalid settings:\n  OPENAI_TIMEOUT_MS from environment: too big")),
    );
    const view = await invokeStreamingEntry(broken, streamRequestEvent());
    expect(view.head?.statusCode).toBe(503);
    expect(view.head?.headers["Access-Control-Allow-Origin"]).toBeUndefined();
    const body = JSON.parse(view.body) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("misconfigured");
    expect(body.error.message).not.toContain("OPENAI_TIMEOUT_MS");
  });

  it("is refused by the runtime stand-in unless streamified, as Lambda would buffer it", async () => {
    const plain = async () => undefined;
    await expect(invokeStreamingEntry(plain, streamRequestEvent())).rejects.toThrow(/streamifyResponse/);
  });
});
