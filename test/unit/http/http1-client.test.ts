import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Http1Client } from "../../../src/common/http/http1-client.js";

/**
 * The client's connection handling against real node:http servers: reuse, the ways a kept connection
 * ends, aborts and broken answers, header injection, streaming at the reader's pace, and TLS.
 */

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface TestServer {
  url: URL;
  connections: number;
  sockets: Set<Socket>;
  handle: Handler;
  server: Server;
}

async function listen(server: Server, protocol: "http" | "https"): Promise<TestServer> {
  const state: TestServer = {
    url: new URL(`${protocol}://localhost`),
    connections: 0,
    sockets: new Set(),
    handle: (_request, response) => response.end("ok"),
    server,
  };
  server.on(protocol === "http" ? "connection" : "secureConnection", (socket: Socket) => {
    state.connections += 1;
    state.sockets.add(socket);
    socket.once("close", () => state.sockets.delete(socket));
  });
  server.on("request", (request: IncomingMessage, response: ServerResponse) =>
    state.handle(request, response),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  state.url = new URL(`${protocol}://localhost:${(server.address() as AddressInfo).port}/`);
  return state;
}

async function closeServer(state: TestServer): Promise<void> {
  for (const socket of state.sockets) socket.destroy();
  state.server.close();
  await once(state.server, "close");
}

function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: Error) => error,
  );
}

const get = (
  client: Http1Client,
  url: URL,
  extra: { headers?: Record<string, string>; signal?: AbortSignal } = {},
) => client.request({ url, method: "GET", headers: extra.headers ?? {}, signal: extra.signal });

/** The next piece a streamed body's reader gets, as text. */
async function nextText(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  return Buffer.from((await reader.read()).value ?? []).toString();
}

let plain: TestServer;
let client: Http1Client;

beforeAll(async () => {
  plain = await listen(createHttpServer({ keepAliveTimeout: 10_000 }), "http");
});
afterAll(() => closeServer(plain));
afterEach(() => {
  client?.close();
  plain.handle = (_request, response) => response.end("ok");
  plain.connections = 0;
});

describe("kept-alive connections", () => {
  it("carries sequential requests over one connection, each answer read whole", async () => {
    client = new Http1Client();
    plain.handle = (request, response) => response.end(`you asked for ${request.url}`);
    for (const path of ["/a", "/b", "/c", "/d", "/e"]) {
      const response = await get(client, new URL(path, plain.url));
      expect((await response.collect()).toString()).toBe(`you asked for ${path}`);
    }
    expect(plain.connections).toBe(1);
    expect(client.idleConnections(plain.url)).toBe(1);
  });

  it("opens one connection per request in flight at once, and keeps them for later ones", async () => {
    client = new Http1Client();
    const answers = await Promise.all(
      [1, 2, 3].map(async () => (await (await get(client, plain.url)).collect()).toString()),
    );
    expect(answers).toEqual(["ok", "ok", "ok"]);
    expect(plain.connections).toBe(3);
    expect(client.idleConnections(plain.url)).toBe(3);
    await (await get(client, plain.url)).collect();
    expect(plain.connections).toBe(3);
  });

  it("sends the next request on a new connection when the server closed the idle one", async () => {
    client = new Http1Client();
    await (await get(client, plain.url)).collect();
    for (const socket of plain.sockets) socket.destroy();
    await vi.waitFor(() => expect(client.idleConnections(plain.url)).toBe(0));
    expect((await (await get(client, plain.url)).collect()).toString()).toBe("ok");
    expect(plain.connections).toBe(2);
  });

  it("sends a GET again on a new connection, at once, when the kept one turns out closed", async () => {
    client = new Http1Client();
    const served = new WeakMap<Socket, number>();
    plain.handle = (request, response) => {
      const count = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, count);
      // The server forgot the connection: it closes it on the next request without answering.
      if (count > 1) request.socket.destroy();
      else response.end(`answer ${plain.connections}`);
    };
    expect((await (await get(client, plain.url)).collect()).toString()).toBe("answer 1");
    const started = Date.now();
    expect((await (await get(client, plain.url)).collect()).toString()).toBe("answer 2");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(plain.connections).toBe(2);
  });

  it("does not send a POST again when the kept connection closes before the answer: it may have been acted on", async () => {
    client = new Http1Client();
    let posts = 0;
    plain.handle = (request, response) => {
      if (request.method === "POST") {
        posts += 1;
        request.socket.destroy();
      } else response.end("ok");
    };
    await (await get(client, plain.url)).collect();
    const error = await rejection(
      client.request({ url: plain.url, method: "POST", headers: {}, body: "{}" }),
    );
    expect(error.code).toBe("ECONNRESET");
    expect(posts).toBe(1);
  });

  it("does not send a request again when a new connection closes before the answer", async () => {
    client = new Http1Client();
    plain.handle = (request) => request.socket.destroy();
    const error = await rejection(get(client, plain.url));
    expect(error.code).toBe("ECONNRESET");
    expect(plain.connections).toBe(1);
  });

  it("keeps reading a connection whose streamed body ended while its reader had paused it", async () => {
    client = new Http1Client();
    let finish: (() => void) | undefined;
    plain.handle = (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("data: 1\n\n");
      finish = () => response.end("data: 2\n\n");
    };
    const reader = (await get(client, plain.url)).stream().getReader();
    await reader.read();
    // The last piece comes while nothing reads: the client pauses the connection, then the body ends.
    finish?.();
    await new Promise((done) => setTimeout(done, 50));
    while (!(await reader.read()).done) {}
    plain.handle = (_request, response) => response.end("next");
    expect((await (await get(client, plain.url)).collect()).toString()).toBe("next");
    expect(plain.connections).toBe(1);
  });

  it("closes a connection left idle past idleKeepMs", async () => {
    client = new Http1Client({ idleKeepMs: 30 });
    await (await get(client, plain.url)).collect();
    expect(client.idleConnections(plain.url)).toBe(1);
    await vi.waitFor(() => {
      expect(client.idleConnections(plain.url)).toBe(0);
      expect(plain.sockets.size).toBe(0);
    });
  });

  it("does not keep a connection the server says it closes, or one past maxIdlePerOrigin", async () => {
    client = new Http1Client({ maxIdlePerOrigin: 1 });
    plain.handle = (_request, response) => {
      response.setHeader("connection", "close");
      response.end("bye");
    };
    await (await get(client, plain.url)).collect();
    expect(client.idleConnections(plain.url)).toBe(0);
    plain.handle = (_request, response) => response.end("ok");
    await Promise.all([1, 2].map(async () => (await get(client, plain.url)).collect()));
    expect(client.idleConnections(plain.url)).toBe(1);
  });

  it("does not keep the process alive with an idle connection", async () => {
    const dir = mkdtempSync(join(tmpdir(), "http1-idle-"));
    const script = join(dir, "one-request.mts");
    const clientPath = resolve("src/common/http/http1-client.ts");
    writeFileSync(
      script,
      `import { Http1Client } from ${JSON.stringify(clientPath)};
const response = await new Http1Client().request({ url: new URL(${JSON.stringify(plain.url.href)}), method: "GET", headers: {} });
console.log((await response.collect()).toString());`,
    );
    try {
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      const started = Date.now();
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
      expect(output.trim()).toBe("ok");
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("answers that break, and requests given up", () => {
  it("rejects with ECONNRESET when the connection closes before an answer", async () => {
    client = new Http1Client();
    plain.handle = (request) => request.socket.destroy();
    const error = await rejection(get(client, plain.url));
    expect(error.code).toBe("ECONNRESET");
    expect(client.idleConnections(plain.url)).toBe(0);
  });

  it("rejects the body with ECONNRESET when the connection closes mid-body", async () => {
    client = new Http1Client();
    plain.handle = (request, response) => {
      response.writeHead(200, { "content-length": "100" });
      response.write("only part of it");
      setTimeout(() => request.socket.destroy(), 20);
    };
    const response = await get(client, plain.url);
    expect(response.status).toBe(200);
    const error = await rejection(response.collect());
    expect(error.code).toBe("ECONNRESET");
    expect(client.idleConnections(plain.url)).toBe(0);
  });

  it("rejects with the signal's reason when aborted before the answer, and drops the connection", async () => {
    client = new Http1Client();
    plain.handle = () => {};
    const abort = new AbortController();
    const pending = get(client, plain.url, { signal: abort.signal });
    await new Promise((done) => setTimeout(done, 20));
    const reason = new Error("given up");
    abort.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    await vi.waitFor(() => expect(plain.sockets.size).toBe(0));
  });

  it("rejects at once for a signal already aborted, sending nothing", async () => {
    client = new Http1Client();
    const reason = new Error("too late");
    expect(await rejection(get(client, plain.url, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(plain.connections).toBe(0);
  });

  it("errors a streamed body with the signal's reason when aborted mid-stream", async () => {
    client = new Http1Client();
    plain.handle = (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("data: first\n\n");
    };
    const abort = new AbortController();
    const response = await get(client, plain.url, { signal: abort.signal });
    const reader = response.stream().getReader();
    expect(await nextText(reader)).toBe("data: first\n\n");
    const reason = new Error("reader left");
    abort.abort(reason);
    expect(await rejection(reader.read())).toBe(reason);
  });

  it.each([
    ["a header value with CRLF", { headers: { "x-injected": "a\r\nevil: yes" } }],
    ["a header name with a space", { headers: { "bad name": "x" } }],
    ["a header value with a control character", { headers: { "x-bell": "ding\u0007" } }],
    ["a header value latin1 cannot write", { headers: { "x-name": "Łukasz" } }],
    ["a path with a space", { target: "/a b" }],
    ["a method that is not a token", { method: "GET /x" }],
  ])("refuses %s without sending anything", async (_name, change) => {
    client = new Http1Client();
    const error = await rejection(client.request({ url: plain.url, method: "GET", headers: {}, ...change }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.code).toBe("ERR_INVALID_CHAR");
    expect(plain.connections).toBe(0);
  });

  it("frames the request itself: a caller's content-length or transfer-encoding is replaced", async () => {
    client = new Http1Client();
    const seen: Record<string, unknown>[] = [];
    plain.handle = (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        seen.push({ ...request.headers, body: Buffer.concat(chunks).toString() });
        response.end("ok");
      });
    };
    const body = Buffer.from('{"a":1}');
    const headers = { "Content-Length": "1", "transfer-encoding": "chunked", Host: "example.test" };
    await (await client.request({ url: plain.url, method: "POST", headers, body })).collect();
    await (await client.request({ url: plain.url, method: "POST", headers: {} })).collect();
    expect(seen).toEqual([
      expect.objectContaining({ "content-length": "7", host: "example.test", body: '{"a":1}' }),
      expect.objectContaining({ "content-length": "0", host: plain.url.host, body: "" }),
    ]);
    expect(seen[0]).not.toHaveProperty("transfer-encoding");
    expect(plain.connections).toBe(1);
  });
});

describe("streamed answers", () => {
  it("hands each piece to the reader as it arrives, before the answer ends", async () => {
    client = new Http1Client();
    let sendRest: (() => void) | undefined;
    plain.handle = (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("data: one\n\n");
      sendRest = () => response.end("data: two\n\n");
    };
    const reader = (await get(client, plain.url)).stream().getReader();
    expect(await nextText(reader)).toBe("data: one\n\n");
    sendRest?.();
    expect(await nextText(reader)).toBe("data: two\n\n");
    expect((await reader.read()).done).toBe(true);
    expect(client.idleConnections(plain.url)).toBe(1);
  });

  it("stops reading the connection while the reader does not keep up, and resumes for it", async () => {
    client = new Http1Client();
    const piece = "x".repeat(64 * 1024);
    const pieces = 64;
    let written = 0;
    plain.handle = (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      const writeMore = () => {
        while (written < pieces) {
          written += 1;
          if (!response.write(piece)) {
            response.once("drain", writeMore);
            return;
          }
        }
        response.end();
      };
      writeMore();
    };
    const reader = (await get(client, plain.url)).stream().getReader();
    await reader.read();
    await new Promise((done) => setTimeout(done, 100));
    expect(written).toBeLessThan(pieces);
    let received = (await reader.read()).value?.length ?? 0;
    for (let next = await reader.read(); !next.done; next = await reader.read())
      received += next.value.length;
    expect(written).toBe(pieces);
    expect(received).toBeGreaterThan(0);
  });

  it("closes the connection when the reader cancels", async () => {
    client = new Http1Client();
    plain.handle = (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("data: one\n\n");
    };
    const stream = (await get(client, plain.url)).stream();
    await stream.cancel();
    await vi.waitFor(() => expect(plain.sockets.size).toBe(0));
    expect(client.idleConnections(plain.url)).toBe(0);
  });
});

describe("TLS", () => {
  let secure: TestServer;
  let certificate: Buffer;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "http1-tls-"));
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-subj",
          "/CN=localhost",
          "-addext",
          "subjectAltName=DNS:localhost",
          "-days",
          "1",
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "cert.pem"),
        ],
        { stdio: "ignore" },
      );
      certificate = readFileSync(join(dir, "cert.pem"));
      const key = readFileSync(join(dir, "key.pem"));
      secure = await listen(createHttpsServer({ key, cert: certificate, keepAliveTimeout: 10_000 }), "https");
      secure.handle = (request, response) => response.end(`secure ${request.url}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => closeServer(secure));

  it("talks to a server whose certificate it trusts, over one kept connection", async () => {
    client = new Http1Client({ tls: { ca: certificate } });
    for (const path of ["/one", "/two"]) {
      const response = await get(client, new URL(path, secure.url));
      expect((await response.collect()).toString()).toBe(`secure ${path}`);
    }
    expect(secure.connections).toBe(1);
  });

  it("resumes the TLS session on its next new connection to the same server", async () => {
    client = new Http1Client({ tls: { ca: certificate }, idleKeepMs: 20 });
    const resumed: boolean[] = [];
    const onSecure = (socket: TLSSocket) => resumed.push(socket.isSessionReused());
    secure.server.on("secureConnection", onSecure);
    try {
      await (await get(client, secure.url)).collect();
      await vi.waitFor(() => expect(client.idleConnections(secure.url)).toBe(0));
      await (await get(client, secure.url)).collect();
      expect(resumed).toEqual([false, true]);
    } finally {
      secure.server.off("secureConnection", onSecure);
    }
  });

  it("refuses a server whose certificate it does not trust", async () => {
    client = new Http1Client();
    const error = await rejection(get(client, secure.url));
    expect(error.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
  });
});
