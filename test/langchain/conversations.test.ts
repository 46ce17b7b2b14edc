import type { APIGatewayProxyEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ProxyHandler } from "../../src/adapters/rest-proxy/handler.js";
import { createDynamoClient } from "../../src/common/memory/index.js";
import { langchainHandler } from "../../src/handlers/langchain/index.js";
import { langchainServices } from "../../src/handlers/langchain/services.js";
import { type DynamoLocal, ensureMemoryTable, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { fixtureEvent, passthroughEvent } from "../support/events.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { testContext } from "../support/lambda-context.js";
import { emptyDir, testServices, testSettings } from "../support/settings.js";
import { wholeAnswers } from "../support/streaming-entry.js";

interface SentBody {
  messages: { role: string; content: string }[];
}

interface StoredTurnBody {
  seq: number;
  role: string;
  content: string;
  created_at: string;
}

let upstream: FakeUpstream;
let dynamo: DynamoLocal;
let conversationCount = 0;
let handler: ProxyHandler;

const TABLE = "test-conversations";

function settingsEnv(extra: Record<string, string> = {}) {
  return upstreamSettings(upstream, {
    OPENAI_API_KEY: "sk-test",
    OPENAI_TIMEOUT_MS: "1000",
    DYNAMODB_ENDPOINT: dynamo.url,
    MEMORY_TABLE: TABLE,
    ...extra,
  });
}

function useSettings(extra: Record<string, string> = {}) {
  handler = wholeAnswers(langchainHandler(testServices(langchainServices, settingsEnv(extra))));
}

/** A fresh conversation id per test, so tests never see each other's turns. */
const newConversation = () => `conv-${++conversationCount}-${Date.now()}`;

function conversationEvent(
  method: "GET" | "DELETE",
  id: string,
  query: Record<string, string> | null = null,
) {
  return fixtureEvent("passthrough", {
    resource: "/conversations/{id}",
    path: `/conversations/${id}`,
    httpMethod: method,
    pathParameters: { id },
    queryStringParameters: query,
    body: null,
  });
}

async function call(event: APIGatewayProxyEvent) {
  const result = await handler(event, testContext());
  return { status: result.statusCode, body: JSON.parse(result.body), headers: result.headers };
}

const say = (conversation_id: string, input_text: string) =>
  call(passthroughEvent({ conversation_id, input_text }, "/langchain"));

function sentMessages(index: number): SentBody["messages"] {
  const body = upstream.requests[index]?.body as SentBody | undefined;
  if (!body) throw new Error(`the upstream received no request #${index}`);
  return body.messages;
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  dynamo = await startDynamoLocal(emptyDir("langchain-conversations-"));
  const client = createDynamoClient(testSettings(settingsEnv()).settings);
  await ensureMemoryTable(client, TABLE);
  client.destroy();
});
afterAll(async () => {
  await upstream.close();
  await dynamo.close();
});
beforeEach(() => {
  upstream.reset();
  useSettings();
});

describe("server-side conversations", () => {
  it("stores each turn and its answer, sends them back in order, and echoes the id", async () => {
    const id = newConversation();
    upstream.reply(
      { kind: "completion", message: { content: "first answer" } },
      { kind: "completion", message: { content: "second answer" } },
    );
    const first = await say(id, "first question");
    expect(first.status).toBe(200);
    expect(first.body.request_meta_data).toMatchObject({ lambda: "lambda_langchain", conversation_id: id });
    await say(id, "second question");
    await say(id, "third question");
    expect(sentMessages(0)).toEqual([{ role: "user", content: "first question" }]);
    expect(sentMessages(2)).toEqual([
      { role: "user", content: "first question" },
      { role: "assistant", content: "first answer" },
      { role: "user", content: "second question" },
      { role: "assistant", content: "second answer" },
      { role: "user", content: "third question" },
    ]);
  });

  it("puts the app's system prompt before the stored history", async () => {
    const id = newConversation();
    const marv = (input_text: string) =>
      fixtureEvent("app-default-grammar", {
        resource: "/examples/default-marv-sarcastic-chat",
        path: "/examples/default-marv-sarcastic-chat",
        body: JSON.stringify({ input_text, conversation_id: id }),
      });
    await call(marv("one"));
    await call(marv("two"));
    const sent = sentMessages(1);
    expect(sent.map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(sent[0]?.content).toMatch(/^You are Marv/);
    const stored = await call(conversationEvent("GET", id));
    expect(stored.body.turns.map((turn: StoredTurnBody) => turn.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  });

  it("returns the stored turns with GET and forgets them with DELETE", async () => {
    const id = newConversation();
    upstream.reply({ kind: "completion", message: { content: "noted" } });
    await say(id, "remember this");
    const read = await call(conversationEvent("GET", id));
    expect(read.status).toBe(200);
    expect(read.body.conversation_id).toBe(id);
    expect(read.body.turns).toMatchObject([
      { seq: 1, role: "user", content: "remember this" },
      { seq: 2, role: "assistant", content: "noted" },
    ]);
    expect(Date.parse(read.body.turns[0].created_at)).not.toBeNaN();
    expect(read.body.next_after).toBeUndefined();

    const deleted = await call(conversationEvent("DELETE", id));
    expect(deleted.status).toBe(204);
    expect((await call(conversationEvent("GET", id))).status).toBe(404);
    expect((await call(conversationEvent("DELETE", id))).status).toBe(404);
    await say(id, "fresh start");
    expect(sentMessages(1)).toEqual([{ role: "user", content: "fresh start" }]);
  });

  it("cuts the messages after a seq with DELETE ?after, so the next turn follows what is kept", async () => {
    const id = newConversation();
    upstream.reply(
      { kind: "completion", message: { content: "a1" } },
      { kind: "completion", message: { content: "a2" } },
      { kind: "completion", message: { content: "a3" } },
      { kind: "completion", message: { content: "a2 again" } },
    );
    for (const question of ["q1", "q2", "q3"]) await say(id, question);
    const cut = await call(conversationEvent("DELETE", id, { after: "2" }));
    expect(cut.status).toBe(204);
    const kept = await call(conversationEvent("GET", id));
    expect(kept.body.turns.map((turn: StoredTurnBody) => [turn.seq, turn.content])).toEqual([
      [1, "q1"],
      [2, "a1"],
    ]);
    const listed = await call(
      fixtureEvent("passthrough", {
        resource: "/conversations",
        path: "/conversations",
        httpMethod: "GET",
        pathParameters: null,
        queryStringParameters: null,
        body: null,
      }),
    );
    expect(listed.body.conversations.find((c: { id: string }) => c.id === id)).toMatchObject({
      title: "q1",
      turns: 1,
    });
    await say(id, "q2 edited");
    expect(sentMessages(3)).toEqual([
      { role: "user", content: "q1" },
      { role: "assistant", content: "a1" },
      { role: "user", content: "q2 edited" },
    ]);
    const after = await call(conversationEvent("GET", id));
    expect(after.body.turns.map((turn: StoredTurnBody) => [turn.seq, turn.content])).toEqual([
      [1, "q1"],
      [2, "a1"],
      [3, "q2 edited"],
      [4, "a2 again"],
    ]);
  });

  it.each(["0", "-1", "two", "1.5"])(
    "refuses DELETE ?after=%s with a 400 naming the field",
    async (value) => {
      const id = newConversation();
      await say(id, "keep me");
      const refused = await call(conversationEvent("DELETE", id, { after: value }));
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain("after");
      expect((await call(conversationEvent("GET", id))).body.turns).toHaveLength(2);
    },
  );

  it("reads long conversations page by page", async () => {
    const id = newConversation();
    for (let turn = 0; turn < 3; turn++) await say(id, `q${turn}`);
    const first = await call(conversationEvent("GET", id, { limit: "4" }));
    expect(first.body.turns.map((turn: StoredTurnBody) => turn.seq)).toEqual([1, 2, 3, 4]);
    expect(first.body.next_after).toBe(4);
    const rest = await call(conversationEvent("GET", id, { after: "4", limit: "4" }));
    expect(rest.body.turns.map((turn: StoredTurnBody) => turn.content)).toEqual([
      "q2",
      expect.stringContaining("Fake answer"),
    ]);
    const badLimit = await call(conversationEvent("GET", id, { limit: "0" }));
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toContain("limit");
  });

  it("sends back only the newest MEMORY_MAX_TURNS stored messages", async () => {
    const id = newConversation();
    useSettings({ MEMORY_MAX_TURNS: "4" });
    for (let turn = 0; turn < 4; turn++) await say(id, `q${turn}`);
    const sent = sentMessages(3);
    expect(sent.map((message) => message.content)).toEqual([
      "q1",
      expect.stringContaining("Fake answer"),
      "q2",
      expect.stringContaining("Fake answer"),
      "q3",
    ]);
    const stored = await call(conversationEvent("GET", id));
    expect(stored.body.turns).toHaveLength(8);
  });

  it("cuts the history to the MEMORY_MAX_TOKENS estimate, newest kept", async () => {
    const id = newConversation();
    useSettings({ MEMORY_MAX_TOKENS: "100" });
    upstream.reply(
      { kind: "completion", message: { content: "a".repeat(400) } },
      { kind: "completion", message: { content: "short answer" } },
    );
    await say(id, "long one");
    await say(id, "short one");
    await say(id, "latest");
    expect(sentMessages(2).map((message) => message.content)).toEqual([
      "short one",
      "short answer",
      "latest",
    ]);
  });

  it("loses no turn when 20 requests hit one conversation at once", async () => {
    const id = newConversation();
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => say(id, `parallel ${index}`)));
    expect(results.map((result) => result.status)).toEqual(Array(20).fill(200));
    const stored = await call(conversationEvent("GET", id, { limit: "100" }));
    const turns = stored.body.turns as StoredTurnBody[];
    expect(turns).toHaveLength(40);
    const questions = turns.filter((turn) => turn.role === "user").map((turn) => turn.content);
    expect(new Set(questions)).toEqual(
      new Set(Array.from({ length: 20 }, (_, index) => `parallel ${index}`)),
    );
    turns.forEach((turn, index) => {
      expect(turn.role).toBe(index % 2 === 0 ? "user" : "assistant");
    });
  });

  it("stores nothing when the model fails, so the client can send the turn again", async () => {
    const id = newConversation();
    upstream.reply({ kind: "status", status: 500 });
    const failed = await say(id, "will fail");
    expect(failed.status).toBe(502);
    expect((await call(conversationEvent("GET", id))).status).toBe(404);
  });

  it.each([
    ["spaces and punctuation", "not ok!"],
    ["a slash", "a/b"],
    ["129 characters", "x".repeat(129)],
    ["an empty id", ""],
  ])("rejects a conversation id with %s with 400", async (_, badId) => {
    const posted = await call(passthroughEvent({ conversation_id: badId, input_text: "hi" }, "/langchain"));
    expect(posted.status).toBe(400);
    expect(posted.body.error.message).toContain("conversation_id");
    for (const method of ["GET", "DELETE"] as const) {
      const answered = await call(conversationEvent(method, badId));
      expect(answered.status).toBe(400);
      expect(answered.body.error.message).toMatch(/^id: /);
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it("accepts the longest valid id", async () => {
    const id = `${"A".repeat(64)}_${"z".repeat(62)}-`;
    expect(id).toHaveLength(128);
    expect((await say(id, "hi")).status).toBe(200);
    expect((await call(conversationEvent("GET", id))).body.turns).toHaveLength(2);
  });

  it("asks for the new turn when a request names a conversation but brings none", async () => {
    const answered = await call(passthroughEvent({ conversation_id: newConversation() }, "/langchain"));
    expect(answered.status).toBe(400);
    expect(answered.body.error.message).toContain("input_text");
    expect(upstream.requests).toHaveLength(0);
  });

  it("answers 503 when the conversation store is unreachable, without asking the model", async () => {
    const closed = await startDynamoLocal(emptyDir("langchain-closed-"));
    await closed.close();
    useSettings({ DYNAMODB_ENDPOINT: closed.url });
    const answered = await say(newConversation(), "hello?");
    expect(answered.status).toBe(503);
    expect(answered.body.error.type).toBe("memory_unavailable");
    expect(JSON.stringify(answered.body)).not.toContain(closed.url);
    expect(upstream.requests).toHaveLength(0);
  });
});
