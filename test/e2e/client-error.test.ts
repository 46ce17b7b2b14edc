import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startTestService } from "../support/local-service.js";

/** HTTP that Node cannot parse still gets the service's JSON error shape and its CORS headers. */

let service: RunningService;
beforeAll(async () => {
  service = await startTestService({ CORS_ALLOW_ORIGIN: "https://chat.example" });
});
afterAll(() => service.stop());

function sendRaw(request: string): Promise<string> {
  const { hostname, port } = new URL(service.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
  });
}

function parse(raw: string) {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(":")).toLowerCase(),
      line.slice(line.indexOf(":") + 1).trim(),
    ]),
  );
  return { statusLine, headers, body: JSON.parse(body) as { error: { type: string; message: string } } };
}

describe("Node's clientError", () => {
  it("answers a request line that is not HTTP with a JSON 400 and CORS headers", async () => {
    const reply = parse(await sendRaw("THIS IS NOT HTTP\r\n\r\n"));
    expect(reply.statusLine).toBe("HTTP/1.1 400 Bad Request");
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    expect(reply.headers["access-control-allow-origin"]).toBe("https://chat.example");
    expect(reply.body.error).toEqual({ type: "invalid_request", message: "The request is not valid HTTP." });
  });

  it("answers oversized headers with a JSON 431 and CORS headers", async () => {
    const reply = parse(
      await sendRaw(`GET /info HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`),
    );
    expect(reply.statusLine).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(reply.headers["access-control-allow-origin"]).toBe("https://chat.example");
    expect(reply.body.error.type).toBe("request_too_large");
  });

  it("keeps serving afterwards", async () => {
    expect((await fetch(`${service.url}/info`)).status).toBe(200);
  });
});

describe("slow clients and the connection cap, from settings", () => {
  let slow: RunningService;
  beforeAll(async () => {
    slow = await startTestService({
      HEADERS_TIMEOUT_MS: "1000",
      REQUEST_TIMEOUT_MS: "1000",
      MAX_CONNECTIONS: "1",
    });
  });
  afterAll(() => slow.stop());

  function open() {
    const { hostname, port } = new URL(slow.url);
    const socket = connect(Number(port), hostname);
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    const closed = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
    socket.on("error", () => {});
    return { socket, closed };
  }

  it("answers headers that never finish with a JSON 408 once HEADERS_TIMEOUT_MS has passed", async () => {
    const started = performance.now();
    const { socket, closed } = open();
    socket.write("GET /info HTTP/1.1\r\nHost: localhost\r\n");
    const reply = parse(await closed);
    const elapsed = performance.now() - started;
    expect(reply.statusLine).toBe("HTTP/1.1 408 Request Timeout");
    expect(reply.body.error.type).toBe("request_timeout");
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5000);
  });

  it("refuses a connection beyond MAX_CONNECTIONS", async () => {
    const first = open();
    await new Promise((resolve) => first.socket.once("connect", resolve));
    const second = open();
    expect(await second.closed).toBe("");
    first.socket.destroy();
  });
});
