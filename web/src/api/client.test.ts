import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, sendChat } from "./client.js";
import functionCalling from "./fixtures/completion-function-calling.json" with { type: "json" };
import offlineCompletion from "./fixtures/completion-offline.json" with { type: "json" };
import badRequest from "./fixtures/error-bad-request.json" with { type: "json" };
import throttled from "./fixtures/error-throttled.json" with { type: "json" };

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
    slug: "default-grammar",
    inputText: "She no went.",
    chatHistory: [],
    ...extra,
  });

describe("sendChat", () => {
  it("posts input_text and chat_history to the app's route and reads an offline reply", async () => {
    answer = json(200, offlineCompletion);
    const history = [
      { sender: "user" as const, message: "hi" },
      { sender: "assistant" as const, message: "hello" },
    ];
    const outcome = await request({ chatHistory: history, baseUrl: `${baseUrl}/` });
    expect(seen?.url).toBe("/examples/default-grammar");
    expect(seen?.body).toEqual({ input_text: "She no went.", chat_history: history });
    expect(seen?.headers["content-type"]).toBe("application/json");
    expect(seen?.headers["x-api-key"]).toBeUndefined();
    expect(outcome).toEqual({
      ok: true,
      reply: { text: "Here is the **corrected** sentence.", model: "offline-echo-1", offline: true },
    });
  });

  it("sends the API key header and reads the tools a function-calling answer used", async () => {
    answer = json(200, functionCalling);
    const outcome = await request({ apiKey: "key-1", slug: "openai-function-calling" });
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
        requestId: "req-429-abc",
        retryAfterSeconds: 7,
      },
    });
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

describe("appUrl", () => {
  it("joins a stage base URL and an app slug", () => {
    expect(appUrl("https://abc.execute-api.us-east-1.amazonaws.com/v1/", "default-grammar")).toBe(
      "https://abc.execute-api.us-east-1.amazonaws.com/v1/examples/default-grammar",
    );
  });
});
