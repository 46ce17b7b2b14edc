import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type ChildService, startChildService } from "./child-service.js";

/**
 * The real server as a separate process (what `npm start` runs), its whole output captured: secrets
 * never appear, the start-up line names the URL and the upstream, one access log line per request,
 * and SIGTERM lets in-flight requests finish.
 */

const OPENAI_KEY = "sk-proj-LeakCanary-OpenAI-4f9e8d7c6b5a";
const API_KEY_1 = "ak-LeakCanary-one-1a2b3c4d";
const API_KEY_2 = "ak-LeakCanary-two-5e6f7a8b";
const SECRETS = [OPENAI_KEY, API_KEY_1, API_KEY_2];
const ACCESS_LINE = /^(GET|POST|PUT|PATCH|DELETE|OPTIONS) \/\S* \d{3} \d+\.\dms [0-9a-f-]{36}$/;

function accessLines(output: string): string[] {
  return output.split("\n").filter((line) => ACCESS_LINE.test(line));
}

describe("secrets and logs of the server process", () => {
  let upstream: FakeUpstream;
  let server: ChildService;
  const bodies: string[] = [];
  const requestIds: string[] = [];

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    bodies.push(text, JSON.stringify([...response.headers]));
    requestIds.push(response.headers.get("x-request-id") ?? "");
    return { status: response.status, text };
  };
  const post = (path: string, body: unknown, key?: string) =>
    call(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key === undefined ? {} : { "x-api-key": key }) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    server = await startChildService(
      upstreamSettings(upstream, {
        LOG_LEVEL: "DEBUG",
        DEBUG_MODE: "true",
        OPENAI_API_KEY: OPENAI_KEY,
        OPENAI_TIMEOUT_MS: "1000",
        API_KEYS: `${API_KEY_1},${API_KEY_2}`,
        THROTTLE_SETTINGS_RATE_LIMIT: "1000",
        THROTTLE_SETTINGS_BURST_LIMIT: "1000",
      }),
    );
  });
  afterAll(async () => {
    await server?.stop();
    await upstream?.close();
  });

  it("prints its URL, the model upstream and where the web UI is at start, and no SDK warning", async () => {
    // The start-up lines may come in more than one piece.
    await expect.poll(() => server.stdout(), { timeout: 5_000 }).toMatch(/\nweb UI: /);
    const lines = server.stdout().split("\n");
    expect(lines[0]).toMatch(/^aws-openai listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toBe(`model upstream: OpenAI-compatible API at ${upstream.url}`);
    expect(lines[3]).toBe(`web UI: ${server.url}/`);
    // Node 20 here: the AWS SDK would warn that its 2027 releases need Node 22.
    expect(server.stderr()).not.toContain("NodeVersionSupportWarning");
    expect(server.stderr()).not.toMatch(/Warning/);
  });

  it("keeps every key out of responses and output, through successes and failures", async () => {
    const expectStatus = async (pending: Promise<{ status: number; text: string }>, status: number) => {
      const result = await pending;
      expect(result.status, result.text).toBe(status);
    };
    await expectStatus(post("/passthrough", { input_text: "hello" }, API_KEY_1), 200);
    await expectStatus(post("/examples/default-grammar", { input_text: "me and him" }, API_KEY_2), 200);
    await expectStatus(call("/info", { headers: { "x-api-key": API_KEY_1 } }), 200);
    await expectStatus(post("/passthrough", { input_text: "no key" }), 401);
    await expectStatus(post("/passthrough", { input_text: "wrong key" }, "ak-LeakCanary-one-1a2b3c4X"), 403);
    await expectStatus(post("/passthrough", "{not json", API_KEY_1), 400);
    await expectStatus(post("/nowhere", {}, API_KEY_1), 404);
    await expectStatus(call("/passthrough", { headers: { "x-api-key": API_KEY_1 } }), 405);
    await expectStatus(call("/passthrough", { method: "OPTIONS" }), 204);
    // Failing upstreams, the 401 quoting the key masked, as OpenAI does.
    upstream.reply(
      { kind: "status", status: 500 },
      {
        kind: "status",
        status: 401,
        body: {
          error: {
            message: `Incorrect API key provided: sk-proj-****${OPENAI_KEY.slice(-4)}`,
            type: "invalid_request_error",
          },
        },
      },
      { kind: "garbage" },
      { kind: "reset" },
      { kind: "hang" },
      { kind: "status", status: 429, retryAfterSeconds: 2 },
      // Some OpenAI-compatible proxies quote the whole bearer key back.
      {
        kind: "status",
        status: 400,
        body: { error: { message: `Bad key Bearer ${OPENAI_KEY} for this route` } },
      },
    );
    await expectStatus(post("/passthrough", { input_text: "upstream 500" }, API_KEY_1), 502);
    await expectStatus(post("/passthrough", { input_text: "upstream 401" }, API_KEY_1), 502);
    await expectStatus(post("/passthrough", { input_text: "upstream garbage" }, API_KEY_1), 502);
    await expectStatus(post("/passthrough", { input_text: "upstream reset" }, API_KEY_1), 502);
    await expectStatus(post("/passthrough", { input_text: "upstream hang" }, API_KEY_1), 504);
    await expectStatus(post("/passthrough", { input_text: "upstream 429" }, API_KEY_1), 429);
    // A refusal of the caller's request reaches the caller, with the quoted key scrubbed.
    await expectStatus(post("/passthrough", { input_text: "upstream echoes key" }, API_KEY_1), 400);

    // Every upstream call carried the key, so it was really in use.
    expect(upstream.requests.length).toBe(9);
    for (const request of upstream.requests)
      expect(request.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);

    // Log lines are written asynchronously by the child: wait until all access lines are in.
    await expect.poll(() => accessLines(server.stdout()).length, { timeout: 5_000 }).toBe(requestIds.length);
    const everything = [server.stdout(), server.stderr(), ...bodies].join("\n");
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    // Not even a part of a key, nor the wrong key a client sent.
    expect(everything).not.toContain("LeakCanary");
    // Debug lines and the failures' error logs were written, so the checks above looked at them.
    expect(server.stdout() + server.stderr()).toMatch(/"level":"DEBUG"/);
    expect(server.stdout() + server.stderr()).toMatch(/"level":"ERROR"/);
  });

  it("writes one access log line per request: method, path, status, duration, request id", () => {
    const lines = accessLines(server.stdout());
    expect(lines).toHaveLength(requestIds.length);
    const loggedIds = lines.map((line) => line.split(" ").at(-1));
    expect(new Set(loggedIds).size).toBe(lines.length);
    // Every answer but the preflight names its request id; the log has the same ids in the same order.
    expect(loggedIds.filter((_, index) => requestIds[index] !== "")).toEqual(
      requestIds.filter((id) => id !== ""),
    );
    expect(lines[0]).toMatch(/^POST \/passthrough 200 /);
    expect(lines.filter((line) => / 401 /.test(line))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith("OPTIONS /passthrough 204 "))).toBe(true);
  });
});

describe("graceful shutdown", () => {
  let upstream: Server;
  let received = 0;
  const ANSWER_DELAY_MS = 1_000;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      received += 1;
      request.resume();
      setTimeout(() => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            id: "chatcmpl-slow",
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: "slow-model",
            choices: [
              { index: 0, message: { role: "assistant", content: "slow but sure" }, finish_reason: "stop" },
            ],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      }, ANSWER_DELAY_MS);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

  it("finishes an in-flight request after SIGTERM, then exits 0", async () => {
    const { port } = upstream.address() as AddressInfo;
    const server = await startChildService({
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OPENAI_MAX_RETRIES: "0",
      OPENAI_TIMEOUT_MS: "5000",
    });
    try {
      const inFlight = fetch(`${server.url}/passthrough`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ input_text: "take your time" }),
      });
      await expect.poll(() => received, { timeout: 5_000 }).toBe(1);
      const signalledAt = Date.now();
      server.child.kill("SIGTERM");
      await expect
        .poll(() => server.stdout(), { timeout: 2_000 })
        .toContain("SIGTERM: finishing in-flight requests");
      await expect(fetch(`${server.url}/passthrough`, { method: "POST", body: "{}" })).rejects.toThrow();

      const response = await inFlight;
      expect(response.status).toBe(200);
      const body = (await response.json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0]?.message.content).toBe("slow but sure");
      expect(await server.exited).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(5_000);
      expect(accessLines(server.stdout())).toEqual([expect.stringMatching(/^POST \/passthrough 200 /)]);
      expect(server.stdout() + server.stderr()).not.toContain(OPENAI_KEY);
    } finally {
      await server.stop();
    }
  });
});
