import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PASSTHROUGH_RESOURCES } from "../../src/core/routes.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { readEvents } from "../support/sse.js";
import { UPSTREAM_FAULTS } from "../support/upstream-faults.js";
import { expectCompletion, expectJsonError } from "./http-checks.js";

/**
 * One deadline per request: OPENAI_TIMEOUT_MS covers every attempt and retry of an answer sent whole,
 * OPENAI_STREAM_TIMEOUT_MS a streamed one, a wait the model service asks for beyond it is passed on
 * instead of waited for, and a client that leaves cancels the upstream call.
 */

let upstream: FakeUpstream;
let service: RunningService | undefined;

async function start(extra: Record<string, string>): Promise<RunningService> {
  await service?.stop();
  service = await startTestService(upstreamSettings(upstream, { ...UNTHROTTLED, ...extra }));
  return service;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await service?.stop();
  await upstream?.close();
});
beforeEach(() => upstream.reset());
afterEach(() => upstream.reset());

const ask = { input_text: "hi" };
const CHAT_ROUTES = Object.values(PASSTHROUGH_RESOURCES);
const hang = UPSTREAM_FAULTS.find(([, behaviour]) => behaviour.kind === "hang")?.[1] ?? { kind: "hang" };

describe("an answer sent whole has one deadline, retries included", () => {
  it.each(CHAT_ROUTES)(
    "answers %s with 504 once OPENAI_TIMEOUT_MS is spent, not once per attempt",
    async (path) => {
      const api = await start({ OPENAI_TIMEOUT_MS: "1000", OPENAI_MAX_RETRIES: "2" });
      upstream.reply(hang, hang, hang);
      const { result, ms } = await timed(() => api.post(path, ask));
      await expectJsonError(result, 504, "upstream_timeout");
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(1_800);
      expect(upstream.requests).toHaveLength(1);
    },
  );

  it("stops retrying failing connections when the next wait would outlast the deadline", async () => {
    const api = await start({ OPENAI_TIMEOUT_MS: "2000", OPENAI_MAX_RETRIES: "10" });
    upstream.reply(...Array.from({ length: 11 }, () => ({ kind: "reset" as const })));
    const { result, ms } = await timed(() => api.post("/passthrough", ask));
    await expectJsonError(result, 502, "upstream_error");
    expect(ms).toBeLessThan(2_100);
    // Backoff of 0.5 s then 1 s (less up to a quarter) fits in 2 s; the next 2 s does not.
    expect(upstream.requests.length).toBeGreaterThanOrEqual(2);
    expect(upstream.requests.length).toBeLessThanOrEqual(4);
  });

  it.each(CHAT_ROUTES)("passes a 429's Retry-After beyond the deadline on at once on %s", async (path) => {
    const api = await start({ OPENAI_TIMEOUT_MS: "3000", OPENAI_MAX_RETRIES: "2" });
    upstream.reply({ kind: "status", status: 429, retryAfterSeconds: 20 });
    const { result, ms } = await timed(() => api.post(path, ask));
    await expectJsonError(result, 429, "rate_limited");
    expect(result.headers.get("retry-after")).toBe("20");
    expect(ms).toBeLessThan(1_000);
    expect(upstream.requests).toHaveLength(1);
  });

  it("passes a 503's Retry-After beyond the deadline on as a 503", async () => {
    const api = await start({ OPENAI_TIMEOUT_MS: "3000", OPENAI_MAX_RETRIES: "2" });
    upstream.reply({ kind: "status", status: 503, retryAfterSeconds: 20 });
    const { result, ms } = await timed(() => api.post("/passthrough", ask));
    await expectJsonError(result, 503, "upstream_unavailable");
    expect(result.headers.get("retry-after")).toBe("20");
    expect(ms).toBeLessThan(1_000);
  });

  it("waits for a Retry-After that fits in the deadline, then answers", async () => {
    const api = await start({ OPENAI_TIMEOUT_MS: "5000", OPENAI_MAX_RETRIES: "2" });
    upstream.reply({ kind: "status", status: 429, retryAfterSeconds: 1 }, { kind: "completion" });
    const { result, ms } = await timed(() => api.post("/passthrough", ask));
    await expectCompletion(result);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(upstream.requests).toHaveLength(2);
  });

  it("cancels the upstream call when the client leaves", async () => {
    const api = await start({ OPENAI_TIMEOUT_MS: "20000" });
    upstream.reply(hang);
    const leaving = new AbortController();
    const request = fetch(`${api.url}/passthrough`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask),
      signal: leaving.signal,
    }).catch(() => undefined);
    for (let waited = 0; upstream.requests.length < 1 && waited < 2_000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const started = performance.now();
    leaving.abort();
    await Promise.race([
      upstream.waitForAborts(1),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("the upstream call was not cancelled")), 2_000),
      ),
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
    await request;
  });
});

describe("a streamed answer has its own, longer deadline", () => {
  it("ends a stream that outlasts OPENAI_STREAM_TIMEOUT_MS with an upstream_timeout event", async () => {
    const api = await start({ OPENAI_TIMEOUT_MS: "5000", OPENAI_STREAM_TIMEOUT_MS: "1500" });
    upstream.reply({ kind: "stream", chunks: Array.from({ length: 20 }, (_, i) => `${i} `), delayMs: 200 });
    const { result: events, ms } = await timed(async () =>
      readEvents(await api.post("/passthrough", { ...ask, stream: true })),
    );
    expect(events.at(-1)).toMatchObject({ event: "error", data: { error: { type: "upstream_timeout" } } });
    expect(ms).toBeLessThan(2_500);
    expect(events.some((event) => event.data === "[DONE]")).toBe(false);
  });

  it("lets a stream run past OPENAI_TIMEOUT_MS while it keeps sending", async () => {
    const api = await start({ OPENAI_TIMEOUT_MS: "1000", OPENAI_STREAM_TIMEOUT_MS: "10000" });
    upstream.reply({ kind: "stream", chunks: Array.from({ length: 8 }, (_, i) => `${i} `), delayMs: 200 });
    const events = await readEvents(await api.post("/passthrough", { ...ask, stream: true }));
    expect(events.at(-1)?.data).toBe("[DONE]");
  });
});
