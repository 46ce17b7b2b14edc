import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "../../src/common/errors.js";
import {
  type ConversationMessage,
  ConversationStore,
  ConversationStoreError,
  createDynamoClient,
} from "../../src/common/memory/index.js";
import type { Settings } from "../../src/common/settings/index.js";
import { type DynamoLocal, ensureMemoryTable, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { emptyDir, testSettings } from "../support/settings.js";

const TABLE = "test-memory";
const DAY_SECONDS = 86_400;

let dataDir: string;
let dynamo: DynamoLocal;
let documents: DynamoDBDocumentClient;

function documentClient(settings: Settings): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(settings));
}

async function connect(): Promise<void> {
  dynamo = await startDynamoLocal(dataDir);
  const { settings } = testSettings({ DYNAMODB_ENDPOINT: dynamo.url, MEMORY_TABLE: TABLE });
  const client = createDynamoClient(settings);
  await ensureMemoryTable(client, TABLE);
  documents = DynamoDBDocumentClient.from(client);
}

function storeAt(options: { now?: () => number; appendAttempts?: number } = {}): ConversationStore {
  return new ConversationStore(documents, { tableName: TABLE, ttlDays: 7, ...options });
}

const user = (content: string): ConversationMessage => ({ role: "user", content });
const assistant = (content: string): ConversationMessage => ({ role: "assistant", content });
const contents = (turns: { message: ConversationMessage }[]) => turns.map((turn) => turn.message.content);

beforeAll(async () => {
  dataDir = emptyDir("memory-store-");
  await connect();
});
afterAll(() => dynamo.close());

describe("conversation store on dynalite", () => {
  it("appends a turn and its answer after what is stored, and reads them back in order", async () => {
    const store = storeAt();
    const empty = await store.recent("order", 10);
    expect(empty).toEqual({ turns: [], nextSeq: 1 });
    await store.append("order", [user("one"), assistant("two")], empty.nextSeq);
    const after = await store.recent("order", 10);
    await store.append("order", [user("three"), assistant("four")], after.nextSeq);
    const all = await store.recent("order", 10);
    expect(contents(all.turns)).toEqual(["one", "two", "three", "four"]);
    expect(all.turns.map((turn) => turn.seq)).toEqual([1, 2, 3, 4]);
    expect(all.nextSeq).toBe(5);
  });

  it("keeps only the newest messages when asked for fewer", async () => {
    const store = storeAt();
    for (let index = 1; index <= 6; index++) {
      const { nextSeq } = await store.recent("newest", 1);
      await store.append("newest", [user(`m${index}`)], nextSeq);
    }
    const recent = await store.recent("newest", 3);
    expect(contents(recent.turns)).toEqual(["m4", "m5", "m6"]);
    expect(recent.nextSeq).toBe(7);
  });

  it("sets the TTL attribute from the retention setting and hides expired messages", async () => {
    const now = Date.UTC(2026, 0, 1);
    const store = storeAt({ now: () => now });
    await store.append("ttl", [user("remember me")], 1);
    const { Item } = await documents.send(
      new GetCommand({ TableName: TABLE, Key: { conversation_id: "ttl", seq: 1 } }),
    );
    expect(Item?.expires_at).toBe(now / 1000 + 7 * DAY_SECONDS);
    const later = storeAt({ now: () => now + 7 * DAY_SECONDS * 1000 + 1 });
    const { turns, nextSeq } = await later.recent("ttl", 10);
    expect(turns).toEqual([]);
    // The expired item still holds its place until DynamoDB deletes it: the next write goes after it.
    expect(nextSeq).toBe(2);
    expect((await later.page("ttl", 0, 10)).turns).toEqual([]);
  });

  it("loses no turn when 20 requests append to one conversation at once", async () => {
    const store = storeAt();
    const start = await store.recent("race", 1);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.append("race", [user(`q${index}`), assistant(`a${index}`)], start.nextSeq),
      ),
    );
    const { turns } = await store.recent("race", 100);
    expect(turns).toHaveLength(40);
    expect(turns.map((turn) => turn.seq)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    for (let index = 0; index < 40; index += 2) {
      const question = String(turns[index]?.message.content);
      expect(question).toMatch(/^q\d+$/);
      expect(turns[index + 1]?.message.content).toBe(question.replace("q", "a"));
    }
    expect(new Set(contents(turns)).size).toBe(40);
  });

  it("answers 409 instead of overwriting when it keeps losing the race", async () => {
    const store = storeAt({ appendAttempts: 1 });
    await store.append("taken", [user("first")], 1);
    const error = await store.append("taken", [user("second")], 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect(contents((await store.recent("taken", 10)).turns)).toEqual(["first"]);
  });

  it("stores a turn once when the SDK retries a put whose first try succeeded unseen", async () => {
    const client = new DynamoDBClient({
      region: "us-east-1",
      endpoint: dynamo.url,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    let answersLost = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName?.startsWith("Put") && answersLost === 0) {
          answersLost++;
          throw Object.assign(new Error("the answer was lost after the write"), { name: "TimeoutError" });
        }
        return result;
      },
      { step: "deserialize", name: "loseFirstPutAnswer" },
    );
    const store = new ConversationStore(DynamoDBDocumentClient.from(client), {
      tableName: TABLE,
      ttlDays: 1,
    });
    await store.append("retried", [user("once"), assistant("only once")], 1);
    expect(answersLost).toBe(1);
    const { turns } = await store.recent("retried", 10);
    expect(contents(turns)).toEqual(["once", "only once"]);
    expect(turns.map((turn) => turn.seq)).toEqual([1, 2]);
    client.destroy();
  });

  it("leaves a question out of what is read back when the process died before its answer was stored", async () => {
    const store = storeAt();
    await store.append("killed", [user("answered"), assistant("yes")], 1);
    // What a process killed between a write's first put and the rest leaves behind.
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          conversation_id: "killed",
          seq: 3,
          block_end: 4,
          created_at: new Date().toISOString(),
          write_id: "killed-write",
          expires_at: Math.floor(Date.now() / 1000) + DAY_SECONDS,
          message: user("never answered"),
        },
      }),
    );
    const recent = await store.recent("killed", 10);
    expect(contents(recent.turns)).toEqual(["answered", "yes"]);
    expect(recent.nextSeq).toBe(5);
    expect(contents((await store.page("killed", 0, 10)).turns)).toEqual(["answered", "yes"]);
    await store.append("killed", [user("again"), assistant("answered now")], recent.nextSeq);
    expect(contents((await store.recent("killed", 10)).turns)).toEqual([
      "answered",
      "yes",
      "again",
      "answered now",
    ]);
  });

  it("keeps a write cut by the page's edge and drops one with a gap", async () => {
    const store = storeAt();
    await store.append("edges", [user("e1"), assistant("e2"), user("e3"), assistant("e4")], 1);
    expect(contents((await store.page("edges", 0, 3)).turns)).toEqual(["e1", "e2", "e3"]);
    expect(contents((await store.recent("edges", 3)).turns)).toEqual(["e2", "e3", "e4"]);
    for (const seq of [5, 7])
      await documents.send(
        new PutCommand({
          TableName: TABLE,
          Item: {
            conversation_id: "edges",
            seq,
            block_end: 7,
            created_at: new Date().toISOString(),
            write_id: "gap-write",
            expires_at: Math.floor(Date.now() / 1000) + DAY_SECONDS,
            message: seq === 5 ? user("asked") : assistant("half stored"),
          },
        }),
      );
    expect(contents((await store.recent("edges", 10)).turns)).toEqual(["e1", "e2", "e3", "e4"]);
  });

  it("reads a conversation page by page", async () => {
    const store = storeAt();
    await store.append("pages", [user("p1"), assistant("p2"), user("p3"), assistant("p4"), user("p5")], 1);
    const first = await store.page("pages", 0, 2);
    expect(contents(first.turns)).toEqual(["p1", "p2"]);
    expect(first.nextAfter).toBe(2);
    const second = await store.page("pages", first.nextAfter ?? 0, 10);
    expect(contents(second.turns)).toEqual(["p3", "p4", "p5"]);
    expect(second.nextAfter).toBeUndefined();
  });

  it("forgets every message of a conversation, in batches, and only that conversation", async () => {
    const store = storeAt();
    const many = Array.from({ length: 60 }, (_, index) => user(`x${index}`));
    await store.append("forget-me", many, 1);
    await store.append("keep-me", [user("stay")], 1);
    expect(await store.forget("forget-me")).toBe(60);
    expect((await store.recent("forget-me", 100)).turns).toEqual([]);
    expect(await store.forget("forget-me")).toBe(0);
    expect(contents((await store.recent("keep-me", 10)).turns)).toEqual(["stay"]);
  });

  it("keeps conversations across a restart of the database server", async () => {
    const store = storeAt();
    await store.append("durable", [user("before restart"), assistant("noted")], 1);
    await dynamo.close();
    await connect();
    const reopened = storeAt();
    expect(contents((await reopened.recent("durable", 10)).turns)).toEqual(["before restart", "noted"]);
  });

  it("reports an unreachable store as 503 without details for the client", async () => {
    const closed = await startDynamoLocal(emptyDir("memory-closed-"));
    await closed.close();
    const unreachable = testSettings({ DYNAMODB_ENDPOINT: closed.url, MEMORY_TABLE: TABLE }).settings;
    const store = new ConversationStore(documentClient(unreachable), { tableName: TABLE, ttlDays: 1 });
    const error = await store.recent("any", 5).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConversationStoreError);
    expect((error as ConversationStoreError).statusCode).toBe(503);
    expect((error as ConversationStoreError).publicMessage).not.toContain("127.0.0.1");
  });
});
