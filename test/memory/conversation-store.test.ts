import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../../src/common/errors.js";
import {
  ConversationDirectory,
  type ConversationMessage,
  ConversationStore,
  ConversationStoreError,
  createDynamoClient,
  TurnWriter,
} from "../../src/common/memory/index.js";
import type { Settings } from "../../src/common/settings/index.js";
import { type DynamoLocal, ensureMemoryTable, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { emptyDir, testSettings } from "../support/settings.js";

const TABLE = "test-memory";
const DAY_SECONDS = 86_400;
const BY = { owner: "anonymous", app: "passthrough" };

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

interface Options {
  now?: () => number;
  appendAttempts?: number;
  client?: DynamoDBDocumentClient;
}

/** The store, directory and writer of one table, as createConversations builds them. */
function memoryAt({ client = documents, ...options }: Options = {}) {
  const settings = { tableName: TABLE, ttlDays: 7, ...options };
  const store = new ConversationStore(client, settings);
  const directory = new ConversationDirectory(client, settings);
  const writer = new TurnWriter(store, directory, settings);
  const recent = async (id: string, limit = 100) =>
    store.recent(id, limit, (await directory.state(id)).lastSeq);
  const page = async (id: string, after: number, limit: number) =>
    store.page(id, after, limit, (await directory.state(id)).lastSeq);
  /** One turn, from where `recent` says the next one goes, as a chat request stores it. */
  const say = async (id: string, messages: ConversationMessage[], by = BY) =>
    writer.append(id, messages, (await recent(id, 1)).nextSeq, by);
  return { store, directory, writer, recent, page, say };
}

async function summaryOf(id: string) {
  const { Item } = await documents.send(
    new GetCommand({ TableName: TABLE, Key: { conversation_id: id, seq: 0 }, ConsistentRead: true }),
  );
  return Item;
}

/** Puts an item as it is, as another process (or the earlier layout) left it. */
async function putRaw(id: string, seq: number, attributes: Record<string, unknown>) {
  await documents.send(
    new PutCommand({
      TableName: TABLE,
      Item: {
        conversation_id: id,
        seq,
        created_at: new Date().toISOString(),
        expires_at: Math.floor(Date.now() / 1000) + DAY_SECONDS,
        ...attributes,
      },
    }),
  );
}

/** An item as a process leaves it when it dies after putting its turn, before counting it. */
function putUncounted(id: string, seq: number, messages: ConversationMessage[], writtenBy = "anonymous") {
  return putRaw(id, seq, {
    block_end: seq + messages.length - 1,
    write_id: `uncounted-${seq}`,
    written_by: writtenBy,
    app: "passthrough",
    messages,
  });
}

/** An item of the earlier layout: one message each, a write's items put one after another. */
function putEarlierLayout(
  id: string,
  seq: number,
  blockEnd: number,
  writeId: string,
  message: ConversationMessage,
) {
  return putRaw(id, seq, { block_end: blockEnd, write_id: writeId, message });
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
  it("stores each turn whole, counts it in the summary, and reads the messages back in order", async () => {
    const memory = memoryAt();
    expect(await memory.recent("order")).toEqual({ turns: [], nextSeq: 1 });
    await memory.say("order", [user("one"), assistant("two")]);
    await memory.say("order", [user("three"), assistant("four")]);
    const all = await memory.recent("order");
    expect(contents(all.turns)).toEqual(["one", "two", "three", "four"]);
    expect(all.turns.map((turn) => turn.seq)).toEqual([1, 2, 3, 4]);
    expect(all.nextSeq).toBe(5);
    expect(await summaryOf("order")).toMatchObject({
      turns: 2,
      last_seq: 4,
      owner: "anonymous",
      title: "one",
    });
    // One item per turn: the question and its answer are one write.
    const { Item } = await documents.send(
      new GetCommand({ TableName: TABLE, Key: { conversation_id: "order", seq: 1 } }),
    );
    expect(Item?.messages).toEqual([user("one"), assistant("two")]);
  });

  it("reads only the newest turns when asked for fewer", async () => {
    const memory = memoryAt();
    for (let index = 1; index <= 6; index++)
      await memory.say("newest", [user(`q${index}`), assistant(`a${index}`)]);
    const recent = await memory.recent("newest", 2);
    expect(contents(recent.turns)).toEqual(["q5", "a5", "q6", "a6"]);
    expect(recent.nextSeq).toBe(13);
  });

  it("sets the TTL attribute from the retention setting and hides expired turns", async () => {
    const now = Date.UTC(2026, 0, 1);
    const memory = memoryAt({ now: () => now });
    await memory.say("ttl", [user("remember me"), assistant("noted")]);
    const { Item } = await documents.send(
      new GetCommand({ TableName: TABLE, Key: { conversation_id: "ttl", seq: 1 } }),
    );
    expect(Item?.expires_at).toBe(now / 1000 + 7 * DAY_SECONDS);
    const later = memoryAt({ now: () => now + 7 * DAY_SECONDS * 1000 + 1 });
    const { turns, nextSeq } = await later.recent("ttl");
    expect(turns).toEqual([]);
    // The expired item still holds its place until DynamoDB deletes it: the next turn goes after it.
    expect(nextSeq).toBe(3);
    expect((await later.page("ttl", 0, 10)).turns).toEqual([]);
  });

  it("loses no turn and miscounts none when 20 requests store a turn in one conversation at once", async () => {
    const memory = memoryAt();
    const start = await memory.recent("race", 1);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        memory.writer.append("race", [user(`q${index}`), assistant(`a${index}`)], start.nextSeq, BY),
      ),
    );
    const { turns } = await memory.recent("race");
    expect(turns).toHaveLength(40);
    expect(turns.map((turn) => turn.seq)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    for (let index = 0; index < 40; index += 2) {
      const question = String(turns[index]?.message.content);
      expect(question).toMatch(/^q\d+$/);
      expect(turns[index + 1]?.message.content).toBe(question.replace("q", "a"));
    }
    expect(await summaryOf("race")).toMatchObject({ turns: 20, last_seq: 40 });
  });

  it("answers 409 instead of overwriting when it keeps losing the race", async () => {
    const memory = memoryAt({ appendAttempts: 1 });
    await memory.say("taken", [user("first"), assistant("one")]);
    const error = await memory.writer
      .append("taken", [user("second"), assistant("two")], 1, BY)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect(contents((await memory.recent("taken")).turns)).toEqual(["first", "one"]);
  });

  it("stores and counts a turn once when the SDK retries a put or an update whose first try succeeded unseen", async () => {
    const client = new DynamoDBClient({
      region: "us-east-1",
      endpoint: dynamo.url,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const answersLost: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const command = context.commandName ?? "";
        if (/^(Put|Update)/.test(command) && !answersLost.includes(command)) {
          answersLost.push(command);
          throw Object.assign(new Error("the answer was lost after the write"), { name: "TimeoutError" });
        }
        return result;
      },
      { step: "deserialize", name: "loseFirstAnswers" },
    );
    const memory = memoryAt({ client: DynamoDBDocumentClient.from(client) });
    await memory.say("retried", [user("once"), assistant("only once")]);
    expect(answersLost).toEqual(["PutItemCommand", "UpdateItemCommand"]);
    const { turns } = await memory.recent("retried");
    expect(contents(turns)).toEqual(["once", "only once"]);
    expect(await summaryOf("retried")).toMatchObject({ turns: 1, last_seq: 2 });
    client.destroy();
  });

  it("hides a turn whose process died before counting it, then counts it before the next turn", async () => {
    const memory = memoryAt();
    await memory.say("killed", [user("answered"), assistant("yes")]);
    await putUncounted("killed", 3, [user("stored, never counted"), assistant("its answer")]);
    expect(contents((await memory.recent("killed")).turns)).toEqual(["answered", "yes"]);
    expect(contents((await memory.page("killed", 0, 10)).turns)).toEqual(["answered", "yes"]);
    expect(await summaryOf("killed")).toMatchObject({ turns: 1, last_seq: 2 });

    await memory.say("killed", [user("again"), assistant("answered now")]);
    const counted = ["answered", "yes", "stored, never counted", "its answer", "again", "answered now"];
    expect(contents((await memory.recent("killed")).turns)).toEqual(counted);
    expect(await summaryOf("killed")).toMatchObject({ turns: 3, last_seq: 6 });
  });

  it("gives a new conversation to the caller whose turn was stored first, even when its process died", async () => {
    const memory = memoryAt();
    await putUncounted("claimed", 1, [user("k1 was first"), assistant("yes")], "key-one");
    const error = await memory
      .say("claimed", [user("k2 too"), assistant("no")], { owner: "key-two", app: "passthrough" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(await summaryOf("claimed")).toMatchObject({
      owner: "key-one",
      turns: 1,
      last_seq: 2,
      title: "k1 was first",
    });
    expect(contents((await memory.recent("claimed")).turns)).toEqual(["k1 was first", "yes"]);
  });

  it("keeps reading the earlier layout, a half-stored write left out, and stores new turns after it", async () => {
    const memory = memoryAt();
    await putEarlierLayout("earlier", 1, 2, "w1", user("old question"));
    await putEarlierLayout("earlier", 2, 2, "w1", assistant("old answer"));
    // A process killed between an earlier-layout write's first put and the rest.
    await putEarlierLayout("earlier", 3, 4, "w2", user("never answered"));
    const before = await memory.recent("earlier");
    expect(contents(before.turns)).toEqual(["old question", "old answer"]);
    expect(before.nextSeq).toBe(5);

    await memory.say("earlier", [user("new question"), assistant("new answer")]);
    const both = ["old question", "old answer", "new question", "new answer"];
    expect(contents((await memory.recent("earlier")).turns)).toEqual(both);
    expect(contents((await memory.page("earlier", 0, 10)).turns)).toEqual(both);
    // Counting starts with the first turn stored in the new layout (docs/conversations.md).
    expect(await summaryOf("earlier")).toMatchObject({ turns: 1, last_seq: 6 });
  });

  it("reads a conversation page by page, whole turns a page, from any place", async () => {
    const memory = memoryAt();
    await memory.say("pages", [user("p1"), assistant("p2")]);
    await memory.say("pages", [user("p3"), assistant("p4")]);
    await memory.say("pages", [user("p5"), assistant("p6")]);
    const first = await memory.page("pages", 0, 3);
    expect(contents(first.turns)).toEqual(["p1", "p2"]);
    expect(first.nextAfter).toBe(2);
    const second = await memory.page("pages", first.nextAfter ?? 0, 4);
    expect(contents(second.turns)).toEqual(["p3", "p4", "p5", "p6"]);
    expect(second.nextAfter).toBeUndefined();
    // A page asked to start inside a turn starts with that turn's later messages.
    expect(contents((await memory.page("pages", 3, 10)).turns)).toEqual(["p4", "p5", "p6"]);
    expect((await memory.page("pages", 6, 10)).turns).toEqual([]);
    // A turn larger than a page still comes whole.
    expect(contents((await memory.page("pages", 0, 1)).turns)).toEqual(["p1", "p2"]);
  });

  it("forgets every item of a conversation, its summary too, in batches, and only that conversation", async () => {
    const memory = memoryAt();
    for (let index = 0; index < 30; index++)
      await memory.say("forget-me", [user(`x${index}`), assistant("ok")]);
    await memory.say("keep-me", [user("stay"), assistant("ok")]);
    expect(await memory.store.forget("forget-me")).toBe(31);
    expect((await memory.recent("forget-me")).turns).toEqual([]);
    expect(await summaryOf("forget-me")).toBeUndefined();
    expect(await memory.store.forget("forget-me")).toBe(0);
    expect(contents((await memory.recent("keep-me")).turns)).toEqual(["stay", "ok"]);
  });

  it("keeps conversations across a restart of the database server", async () => {
    await memoryAt().say("durable", [user("before restart"), assistant("noted")]);
    await dynamo.close();
    await connect();
    expect(contents((await memoryAt().recent("durable")).turns)).toEqual(["before restart", "noted"]);
  });

  it("reports an unreachable store as 503 without details for the client", async () => {
    const closed = await startDynamoLocal(emptyDir("memory-closed-"));
    await closed.close();
    const unreachable = testSettings({ DYNAMODB_ENDPOINT: closed.url, MEMORY_TABLE: TABLE }).settings;
    const store = new ConversationStore(documentClient(unreachable), { tableName: TABLE });
    const error = await store.recent("any", 5, undefined).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConversationStoreError);
    expect((error as ConversationStoreError).statusCode).toBe(503);
    expect((error as ConversationStoreError).publicMessage).not.toContain("127.0.0.1");
  });
});
