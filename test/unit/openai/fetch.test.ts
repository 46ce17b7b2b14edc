import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepAliveFetch } from "../../../src/common/openai/fetch.js";

type Route = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const routes = new Map<string, Route>();
const closedEarly: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url?.split("?")[0] ?? "";
      response.on("close", () => {
        if (!response.writableFinished) closedEarly.push(path);
      });
      routes.get(path)?.(request, Buffer.concat(chunks).toString("utf8"), response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

describe("keepAliveFetch", () => {
  it("sends the method, path, query, headers and body, and answers with status, headers and JSON", async () => {
    routes.set("/echo", (request, body, response) => {
      response.setHeader("Set-Cookie", ["a=1", "b=2"]);
      response.writeHead(201, { "Content-Type": "application/json", "X-Request-Id": "req_1" });
      response.end(
        JSON.stringify({
          method: request.method,
          url: request.url,
          auth: request.headers.authorization,
          body,
        }),
      );
    });
    const response = await keepAliveFetch(`${base}/echo?x=1`, {
      method: "POST",
      headers: new Headers({ Authorization: "Bearer k", "Content-Type": "application/json" }),
      body: '{"hello":"world"}',
    });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-request-id")).toBe("req_1");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await response.json()).toEqual({
      method: "POST",
      url: "/echo?x=1",
      auth: "Bearer k",
      body: '{"hello":"world"}',
    });
  });

  it("hands error statuses over with their body, as fetch does", async () => {
    routes.set("/limited", (_request, _body, response) => {
      response.writeHead(429, { "Retry-After": "3", "Content-Type": "text/plain" }).end("slow down");
    });
    const response = await keepAliveFetch(`${base}/limited`);
    expect(response.ok).toBe(false);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.text()).toBe("slow down");
  });

  it("hands a redirect over as it is, without following it", async () => {
    routes.set("/moved", (_request, _body, response) => {
      response.writeHead(301, { Location: "/echo" }).end();
    });
    const response = await keepAliveFetch(`${base}/moved`, { method: "POST", body: "{}" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/echo");
  });

  it("keeps the connection for the next request", async () => {
    const ports: number[] = [];
    routes.set("/port", (request, _body, response) => {
      ports.push(request.socket.remotePort ?? 0);
      response.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
    for (let i = 0; i < 3; i++) await (await keepAliveFetch(`${base}/port`)).json();
    expect(new Set(ports).size).toBe(1);
  });

  it("answers 204 without a body", async () => {
    routes.set("/nothing", (_request, _body, response) => {
      response.writeHead(204).end();
    });
    const response = await keepAliveFetch(`${base}/nothing`, { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("answers HEAD without a body", async () => {
    routes.set("/head", (_request, _body, response) => {
      response.writeHead(200, { "Content-Length": "5" }).end();
    });
    const response = await keepAliveFetch(`${base}/head`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
  });

  it("resolves an event stream at its head and delivers each event as it comes", async () => {
    let sendRest = () => {};
    routes.set("/events", (_request, _body, response) => {
      response.writeHead(200, { "Content-Type": "text/event-stream" });
      response.write("data: one\n\n");
      sendRest = () => response.end("data: two\n\ndata: [DONE]\n\n");
    });
    const response = await keepAliveFetch(`${base}/events`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe("data: one\n\n");
    sendRest();
    let rest = "";
    for (let part = await reader.read(); !part.done; part = await reader.read())
      rest += decoder.decode(part.value);
    expect(rest).toBe("data: two\n\ndata: [DONE]\n\n");
  });

  it("keeps every byte of a large event stream read slowly", async () => {
    const event = `data: ${"x".repeat(1000)}\n\n`;
    routes.set("/many-events", (_request, _body, response) => {
      response.writeHead(200, { "Content-Type": "text/event-stream" });
      for (let i = 0; i < 2000; i++) response.write(event);
      response.end();
    });
    const response = await keepAliveFetch(`${base}/many-events`);
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(bytes).toBe(event.length * 2000);
  });

  it("stops the upstream answer when the reader cancels the stream", async () => {
    routes.set("/endless", (_request, _body, response) => {
      response.writeHead(200, { "Content-Type": "text/event-stream" });
      const timer = setInterval(() => response.write("data: more\n\n"), 5);
      response.on("close", () => clearInterval(timer));
    });
    const response = await keepAliveFetch(`${base}/endless`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await until(() => closedEarly.includes("/endless"));
  });

  it("rejects with the abort reason when the signal fires before the answer, and drops the request", async () => {
    routes.set("/hang", () => {});
    const controller = new AbortController();
    const pending = keepAliveFetch(`${base}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await until(() => closedEarly.includes("/hang"));
  });

  it("rejects at once for a signal that is already aborted", async () => {
    await expect(keepAliveFetch(`${base}/echo`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("errors a stream that the signal aborts midway", async () => {
    routes.set("/slow-events", (_request, _body, response) => {
      response.writeHead(200, { "Content-Type": "text/event-stream" });
      response.write("data: one\n\n");
    });
    const controller = new AbortController();
    const response = await keepAliveFetch(`${base}/slow-events`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects when nothing listens at the address", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(keepAliveFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("refuses a request body it cannot send", async () => {
    await expect(
      keepAliveFetch(`${base}/echo`, { method: "POST", body: new URLSearchParams({ a: "1" }) }),
    ).rejects.toThrow(/Unsupported request body type/);
  });
});
