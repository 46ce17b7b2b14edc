import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SummaryPage } from "../../src/common/memory/index.js";
import { fixturePath } from "../function-calling/support/plugin-fixtures.js";
import {
  type FakeUpstream,
  startFakeUpstream,
  type UpstreamBehaviour,
  upstreamSettings,
} from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { finalEvent, readEvents } from "../support/sse.js";

/**
 * Server-side conversations on openai_v2 and openai_function, over real HTTP against the local
 * server with two API keys; the fake upstream shows what reaches the model on each turn.
 */

const K1 = "every-handler-key-one-0123";
const K2 = "every-handler-key-two-4567";

interface SentMessage {
  role: string;
  content: string | null;
  tool_calls?: unknown[];
}
interface MetaData {
  lambda: string;
  conversation_id?: string;
}

let upstream: FakeUpstream;
let service: RunningService;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  service = await startTestService(
    upstreamSettings(upstream, {
      API_KEYS: `${K1},${K2}`,
      ...UNTHROTTLED,
      PLUGINS_DIR: fixturePath("matching"),
      MAX_TOOL_ROUNDS: "1",
    }),
  );
});
afterAll(async () => {
  await service?.stop();
  await upstream?.close();
});
beforeEach(() => upstream.reset());

const as = (key: string) => ({ "x-api-key": key });
const get = (path: string, key: string) => fetch(`${service.url}${path}`, { headers: as(key) });

/** The user and assistant turns the model was sent on the upstream's latest request. */
function sentTurns(): SentMessage[] {
  const body = upstream.requests.at(-1)?.body as { messages: SentMessage[] };
  return body.messages
    .filter((message) => message.role !== "system")
    .map(({ role, content, tool_calls }) => ({ role, content, ...(tool_calls ? { tool_calls } : {}) }));
}

const pluginCall = (id: string): UpstreamBehaviour => ({
  kind: "completion",
  message: {
    content: null,
    tool_calls: [
      {
        id,
        type: "function",
        function: { name: "get_candy_works_info", arguments: '{"topic":"coupon_codes"}' },
      },
    ],
  },
});

async function streamedTurn(path: string, body: object, key: string): Promise<MetaData> {
  const response = await service.post(path, { ...body, stream: true }, as(key));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  return finalEvent<{ request_meta_data: MetaData }>(await readEvents(response)).request_meta_data;
}

const HANDLERS = [
  { lambda: "lambda_openai_v2", passthrough: "/passthrough", app: "default-grammar" },
  {
    lambda: "lambda_openai_function",
    passthrough: "/openai_function_passthrough",
    app: "openai-function-calling",
  },
] as const;

describe.each(HANDLERS)("conversations on $lambda", ({ lambda, passthrough, app }) => {
  it("remembers the first turn (buffered) in the second (streamed), and stores both", async () => {
    const id = `${lambda}-remember-${Date.now()}`;
    const first = await service.post(
      passthrough,
      { conversation_id: id, input_text: "My name is Ada." },
      as(K1),
    );
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as { request_meta_data: MetaData };
    expect(firstBody.request_meta_data).toMatchObject({ lambda, conversation_id: id });
    expect(sentTurns()).toEqual([{ role: "user", content: "My name is Ada." }]);

    const meta = await streamedTurn(passthrough, { conversation_id: id, input_text: "What is my name?" }, K1);
    expect(meta).toMatchObject({ lambda, conversation_id: id });
    expect(sentTurns()).toEqual([
      { role: "user", content: "My name is Ada." },
      { role: "assistant", content: expect.stringMatching(/^Fake answer from /) },
      { role: "user", content: "What is my name?" },
    ]);

    const read = await get(`/conversations/${id}`, K1);
    expect(read.status).toBe(200);
    const { turns } = (await read.json()) as { turns: SentMessage[] };
    expect(turns.map((turn) => `${turn.role}: ${turn.content}`)).toEqual([
      "user: My name is Ada.",
      expect.stringMatching(/^assistant: Fake answer from /),
      "user: What is my name?",
      expect.stringMatching(/^assistant: Fake answer from /),
    ]);
  });

  it("lists an app's conversation under the app, with its title and turn count", async () => {
    const id = `${lambda}-listed-${Date.now()}`;
    const first = await streamedTurn(
      `/examples/${app}`,
      { conversation_id: id, input_text: "First of all" },
      K1,
    );
    expect(first.conversation_id).toBe(id);
    const second = await service.post(
      `/examples/${app}`,
      { conversation_id: id, input_text: "And then" },
      as(K1),
    );
    expect(second.status).toBe(200);
    expect(sentTurns().map((turn) => turn.content)).toEqual([
      "First of all",
      expect.stringMatching(/^Fake answer from /),
      "And then",
    ]);
    const list = (await (await get("/conversations?limit=100", K1)).json()) as SummaryPage;
    expect(list.conversations.find((conversation) => conversation.id === id)).toMatchObject({
      app,
      title: "First of all",
      turns: 2,
    });
  });

  it("answers another key 404 on read, append (buffered and streamed) and delete, and stores nothing of it", async () => {
    const id = `${lambda}-owned-${Date.now()}`;
    expect(
      (await service.post(passthrough, { conversation_id: id, input_text: "mine" }, as(K1))).status,
    ).toBe(200);
    const calls = upstream.requests.length;

    expect((await get(`/conversations/${id}`, K2)).status).toBe(404);
    const append = await service.post(passthrough, { conversation_id: id, input_text: "theirs" }, as(K2));
    expect(append.status).toBe(404);
    const streamed = await service.post(
      passthrough,
      { conversation_id: id, input_text: "theirs", stream: true },
      as(K2),
    );
    expect(streamed.status).toBe(404);
    const removed = await fetch(`${service.url}/conversations/${id}`, { method: "DELETE", headers: as(K2) });
    expect(removed.status).toBe(404);
    // Refused before the model was asked anything.
    expect(upstream.requests.length).toBe(calls);

    const { turns } = (await (await get(`/conversations/${id}`, K1)).json()) as { turns: SentMessage[] };
    expect(turns.map((turn) => turn.content)).toEqual(["mine", expect.stringMatching(/^Fake answer/)]);
  });

  it("refuses chat_history next to a conversation_id, and a conversation_id of the wrong shape", async () => {
    const id = `${lambda}-history-${Date.now()}`;
    const withHistory = await service.post(
      `/examples/${app}`,
      { conversation_id: id, input_text: "hi", chat_history: [{ sender: "user", message: "earlier" }] },
      as(K1),
    );
    expect(withHistory.status).toBe(400);
    expect(await withHistory.text()).toContain("chat_history");
    const badId = await service.post(
      passthrough,
      { conversation_id: "no spaces/here", input_text: "hi" },
      as(K1),
    );
    expect(badId.status).toBe(400);
    expect(await badId.text()).toContain("conversation_id");
    expect(upstream.requests).toHaveLength(0);
    expect((await get(`/conversations/${id}`, K1)).status).toBe(404);
  });

  it("stores nothing when the model fails", async () => {
    const id = `${lambda}-failed-${Date.now()}`;
    upstream.reply({ kind: "status", status: 500 });
    const failed = await service.post(passthrough, { conversation_id: id, input_text: "lost" }, as(K1));
    expect(failed.status).toBe(502);
    expect((await get(`/conversations/${id}`, K1)).status).toBe(404);
  });
});

describe("conversations on openai_function's tool rounds", () => {
  const COUPONS = "Any coupons for the Everlasting Gobstopper?";

  it("stores the question and the final answer, not the rounds of the handler's own tools", async () => {
    const id = `function-rounds-${Date.now()}`;
    upstream.reply(pluginCall("call_coupons"), { kind: "completion", message: { content: "Use SWEET5." } });
    const first = await service.post(
      "/openai_function_passthrough",
      { conversation_id: id, input_text: COUPONS },
      as(K1),
    );
    expect(first.status).toBe(200);
    expect(upstream.requests).toHaveLength(2);

    await service.post(
      "/openai_function_passthrough",
      { conversation_id: id, input_text: "Thanks!" },
      as(K1),
    );
    expect(sentTurns()).toEqual([
      { role: "user", content: COUPONS },
      { role: "assistant", content: "Use SWEET5." },
      { role: "user", content: "Thanks!" },
    ]);
  });

  it("stores a tool loop that was cut off without the calls that never ran, so the next turn is valid", async () => {
    const id = `function-cut-off-${Date.now()}`;
    upstream.reply(pluginCall("call_one"), pluginCall("call_two"));
    const meta = await streamedTurn(
      "/openai_function_passthrough",
      { conversation_id: id, input_text: COUPONS },
      K1,
    );
    expect(meta).toMatchObject({ conversation_id: id, tool_loop_cut_off: expect.any(String) });

    await service.post(
      "/openai_function_passthrough",
      { conversation_id: id, input_text: "And now?" },
      as(K1),
    );
    expect(sentTurns()).toEqual([
      { role: "user", content: COUPONS },
      { role: "assistant", content: "" },
      { role: "user", content: "And now?" },
    ]);
  });
});

describe("a streamed turn the client leaves", () => {
  it("stores nothing of an answer cut short", async () => {
    const id = `left-${Date.now()}`;
    upstream.reply({ kind: "stream", chunks: Array.from({ length: 40 }, (_, n) => `w${n} `), delayMs: 50 });
    const response = await service.post(
      "/passthrough",
      { conversation_id: id, input_text: "long one", stream: true },
      as(K1),
    );
    await readEvents(response, () => false);
    await upstream.waitForAborts(1);
    expect((await get(`/conversations/${id}`, K1)).status).toBe(404);
  });
});
