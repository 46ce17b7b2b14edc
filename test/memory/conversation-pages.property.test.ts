import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConversationMessage,
  createConversations,
  createDynamoClient,
} from "../../src/common/memory/index.js";
import { type DynamoLocal, ensureMemoryTable, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { emptyDir, testSettings } from "../support/settings.js";

/**
 * Reading a conversation page by page, from any place and with any page size, gives every message
 * after that place exactly once, in order, and the newest-first window `recent` ends where the
 * conversation does: whatever the turns' sizes.
 */

const TABLE = "pages-memory";
let dynamo: DynamoLocal;
let memory: ReturnType<typeof createConversations>;
let conversations = 0;

beforeAll(async () => {
  dynamo = await startDynamoLocal(emptyDir("memory-pages-"));
  const { settings } = testSettings({ DYNAMODB_ENDPOINT: dynamo.url, MEMORY_TABLE: TABLE });
  const client = createDynamoClient(settings);
  await ensureMemoryTable(client, TABLE);
  memory = createConversations(client, settings);
});
afterAll(() => dynamo.close());

/** A turn: the user's message, then one to three more (tool results, answers). */
const turnSizes = fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 6 });

function messagesOf(turn: number, size: number): ConversationMessage[] {
  return Array.from({ length: size }, (_, index) =>
    index === 0
      ? { role: "user", content: `t${turn}m${index}` }
      : { role: "assistant", content: `t${turn}m${index}` },
  );
}

describe("conversation pages", () => {
  it("give every message after any place once, in order, whatever the page size", async () => {
    await fc.assert(
      fc.asyncProperty(turnSizes, fc.integer({ min: 1, max: 5 }), fc.nat(), async (sizes, limit, start) => {
        const id = `pages-${conversations++}`;
        const { store, directory, writer } = memory;
        const all: string[] = [];
        for (const [turn, size] of sizes.entries()) {
          const messages = messagesOf(turn, size);
          const { nextSeq } = await store.recent(id, 1, (await directory.state(id)).lastSeq);
          await writer.append(id, messages, nextSeq, { owner: "anonymous", app: "passthrough" });
          all.push(...messages.map((message) => String(message.content)));
        }
        const { lastSeq } = await directory.state(id);
        expect(lastSeq).toBe(all.length);
        const after = start % (all.length + 1);
        const read: string[] = [];
        let from: number | undefined = after;
        for (let pages = 0; from !== undefined; pages++) {
          expect(pages).toBeLessThanOrEqual(all.length + 1);
          const page = await store.page(id, from, limit, lastSeq);
          read.push(...page.turns.map((turn) => String(turn.message.content)));
          expect(page.turns.map((turn) => turn.seq)).toEqual(
            page.turns.map((_, index) => (page.turns[0]?.seq ?? 0) + index),
          );
          from = page.nextAfter;
        }
        expect(read).toEqual(all.slice(after));
        const recent = await store.recent(id, 2, lastSeq);
        expect(recent.turns.at(-1)?.seq).toBe(all.length);
        expect(recent.nextSeq).toBe(all.length + 1);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
