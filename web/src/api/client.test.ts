import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appPath, sendChat } from "./client.js";
import functionCalling from "./fixtures/completion-function-calling.json" with { type: "json" };
import offlineCompletion from "./fixtures/completion-offline.json" with { type: "json" };
import badRequest from "./fixtures/error-bad-request.json" with { type: "json" };
import quotaSpent from "./fixtures/error-quota-spent.json" with { type: "json" };
import throttled from "./fixtures/error-throttled.json" with { type: "json" };
import { apiUrl } from "./target.js";

interface Seen {
  url: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

type Answer = (res: ServerResponse) => void;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

// Each test names what the loopback API answers; the server records what the client sent.
let answer: Answer = json(200, offlineCompletion);
let seen: Seen | undefined;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen = { url: req.url ?? "", headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) };
    answer(res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const request = (extra: Partial<Parameters<typeof sendChat>[0]> = {}) =>
  sendChat({
    baseUrl,
    apiKey: "",
    path: appPath("default-grammar"),
    inputText: "She no went.",
    conversationId: "c-1",
    ...extra,
  });

describe("sendChat", () => {
  it("posts input_text and the conversation's id to the app's route and reads an offline reply", async () => {
    answer = json(200, offlineCompletion);
    const outcome = await request({ baseUrl: `${baseUrl}/` });
    expect(seen?.url).toBe("/examples/default-grammar");
    expect(seen?.body).toEqual({ input_text: "She no went.", conversation_id: "c-1" });
    expect(seen?.headers["content-type"]).toBe("application/json");
    expect(seen?.headers["x-api-key"]).toBeUndefined();
    expect(outcome).toEqual({
      ok: true,
      reply: {
        text: "Here is the **corrected** sentence.",
        model: "offline-echo-1",
        offline: true,
        usage: { promptTokens: 12, completionTokens: 6, totalTokens: 18 },
      },
    });
  });

  it("names the model on a passthrough route", async () => {
    answer = json(200, offlineCompletion);
    await request({ path: "/passthrough", model: "gpt-4o" });
    expect(seen?.url).toBe("/passthrough");
    expect(seen?.body).toEqual({ input_text: "She no went.", conversation_id: "c-1", model: "gpt-4o" });
  });

  it("sends the API key header and reads the tools a function-calling answer used", async () => {
    answer = json(200, functionCalling);
    const outcome = await request({ apiKey: "key-1", path: appPath("openai-function-calling") });
    expect(seen?.headers["x-api-key"]).toBe("key-1");
    expect(outcome).toMatchObject({
      ok: true,
      reply: {
        offline: false,
        toolUse: { plugins: ["everlasting-gobstopper"], toolsCalled: ["get_current_weather"] },
      },
    });
  });

  it("reads a 429 with its Retry-After wait and the server's message", async () => {
    answer = json(429, throttled, { "retry-after": "7" });
    expect(await request()).toEqual({
      ok: false,
      failure: {
        kind: "http",
        status: 429,
        message: "Too many requests: slow down.",
        errorType: "rate_limited",
        requestId: "req-429-abc",
        retryAfterSeconds: 7,
      },
    });
  });

  it("tells a spent quota from throttling by the error body's type", async () => {
    answer = json(429, quotaSpent, { "retry-after": "3600" });
    expect(await request()).toMatchObject({
      ok: false,
      failure: { status: 429, errorType: "quota_exceeded", retryAfterSeconds: 3600 },
    });
  });

  it.each([
    ["Limit Exceeded", "quota_exceeded"],
    ["Too Many Requests", "rate_limited"],
  ])("reads API Gateway's own 429 body %j as %s", async (message, errorType) => {
    answer = json(429, { message });
    expect(await request()).toEqual({ ok: false, failure: { kind: "http", status: 429, errorType } });
  });

  it("reads a 400's explanation", async () => {
    answer = json(400, badRequest);
    expect(await request()).toMatchObject({
      ok: false,
      failure: { status: 400, message: "input_text: expected a non-empty string" },
    });
  });

  it("keeps the status of an error whose body is not the API's JSON", async () => {
    answer = (res) => {
      res.writeHead(504, { "content-type": "text/html" });
      res.end("<html>Gateway Timeout</html>");
    };
    expect(await request()).toEqual({ ok: false, failure: { kind: "http", status: 504 } });
  });

  it("treats a 200 that is not a chat completion as unreadable", async () => {
    answer = json(200, { hello: "world" });
    const outcome = await request();
    expect(outcome).toMatchObject({ ok: false, failure: { kind: "bad-response" } });
  });

  it("reports a refused connection as a network failure naming the URL", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");
    const outcome = await request({ baseUrl: `http://127.0.0.1:${port}` });
    expect(outcome).toEqual({
      ok: false,
      failure: { kind: "network", url: `http://127.0.0.1:${port}/examples/default-grammar` },
    });
  });

  it("gives up after its timeout", async () => {
    answer = () => {};
    const outcome = await request({ timeoutMs: 300 });
    expect(outcome).toEqual({ ok: false, failure: { kind: "timeout", seconds: 1 } });
  });
});

/** An event-stream answer written piece by piece, `gapMs` apart; `cutAfter` destroys the socket instead of ending. */
const eventStream =
  (events: string[], gapMs = 0, cutAfter?: number): Answer =>
  (res) => {
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
    let index = 0;
    const next = () => {
      if (res.destroyed) return;
      if (index === cutAfter) return void res.destroy();
      const event = events[index++];
      if (event === undefined) return void res.end();
      res.write(event);
      setTimeout(next, gapMs);
    };
    next();
  };

const chunk = (content: string) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", model: "gpt-4o-mini", choices: [{ index: 0, delta: { content } }] })}\n\n`;
const finalChunk = (meta: object, usage: object | null = null) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", model: "gpt-4o-mini", choices: [], usage, request_meta_data: meta })}\n\n`;
const DONE = "data: [DONE]\n\n";

describe("sendChat with a streamed answer", () => {
  it("asks for an event stream and reports the text as it grows", async () => {
    answer = eventStream(
      [
        chunk("Hello"),
        chunk(", "),
        chunk("world."),
        finalChunk(
          { lambda: "lambda_openai_v2" },
          { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
        ),
        DONE,
      ],
      20,
    );
    const progress: string[] = [];
    const outcome = await request({ onProgress: (p) => progress.push(p.text) });
    expect(seen?.headers.accept).toContain("text/event-stream");
    expect(seen?.body).toEqual({ input_text: "She no went.", conversation_id: "c-1" });
    expect(progress).toEqual(expect.arrayContaining(["Hello", "Hello, ", "Hello, world."]));
    expect(outcome).toEqual({
      ok: true,
      reply: {
        text: "Hello, world.",
        model: "gpt-4o-mini",
        offline: false,
        usage: { promptTokens: 9, completionTokens: 3, totalTokens: 12 },
      },
    });
  });

  it("reports the tools the server calls, and the tool use of the final event", async () => {
    const toolCall = `event: tool_call\ndata: ${JSON.stringify({ choices: [], tool_call: { id: "c1", name: "get_current_weather", arguments: "{}" } })}\n\n`;
    answer = eventStream([
      toolCall,
      chunk("Sunny."),
      finalChunk({ plugins: [], tools_called: ["get_current_weather"] }),
      DONE,
    ]);
    const calling: string[][] = [];
    const outcome = await request({ onProgress: (p) => calling.push(p.toolsCalling) });
    expect(calling[0]).toEqual(["get_current_weather"]);
    expect(outcome).toMatchObject({
      ok: true,
      reply: { text: "Sunny.", toolUse: { plugins: [], toolsCalled: ["get_current_weather"] } },
    });
  });

  it("keeps the text before an error event, marked as broken off with the server's words", async () => {
    const error = `event: error\ndata: ${JSON.stringify({ error: { type: "upstream_error", message: "The model service failed.", request_id: "req-9" } })}\n\n`;
    answer = eventStream([chunk("Half an "), error]);
    expect(await request()).toEqual({
      ok: true,
      reply: {
        text: "Half an ",
        model: "gpt-4o-mini",
        offline: false,
        endedEarly: { kind: "interrupted", message: "The model service failed.", requestId: "req-9" },
      },
    });
  });

  it("marks an answer cut off before [DONE] as broken off", async () => {
    answer = eventStream([chunk("Half"), chunk(" an"), chunk(" answer")], 10, 2);
    expect(await request()).toMatchObject({
      ok: true,
      reply: { text: "Half an", endedEarly: { kind: "interrupted" } },
    });
  });

  it("stops on request, keeping what came", async () => {
    answer = eventStream(
      Array.from({ length: 200 }, () => chunk("word ")),
      10,
    );
    const stop = new AbortController();
    const outcome = await request({
      stop: stop.signal,
      onProgress: (p) => {
        if (p.text.length >= 15) stop.abort();
      },
    });
    expect(outcome).toMatchObject({ ok: true, reply: { endedEarly: { kind: "stopped" } } });
    const text = outcome.ok ? outcome.reply.text : "";
    expect(text.length).toBeGreaterThanOrEqual(15);
    expect(text.length).toBeLessThan(200 * 5);
  });

  it("treats a stream that goes quiet for the timeout as broken off", async () => {
    answer = eventStream([chunk("Start"), chunk("never")], 600);
    expect(await request({ timeoutMs: 300 })).toMatchObject({
      ok: true,
      reply: {
        text: "Start",
        endedEarly: { kind: "interrupted", message: "Nothing more came in 1 s." },
      },
    });
  });
});

describe("apiUrl", () => {
  it("joins a stage base URL and an app's route", () => {
    expect(apiUrl("https://abc.execute-api.us-east-1.amazonaws.com/v1/", appPath("default-grammar"))).toBe(
      "https://abc.execute-api.us-east-1.amazonaws.com/v1/examples/default-grammar",
    );
  });
});
