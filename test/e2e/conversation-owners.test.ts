import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SummaryPage } from "../../src/common/memory/conversation-directory.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";

/** Conversations over real HTTP with two API keys: each key sees only its own. */

const K1 = "owner-key-one-0123456789";
const K2 = "owner-key-two-9876543210";

let service: RunningService;

beforeAll(async () => {
  service = await startTestService({ API_KEYS: `${K1},${K2}`, ...UNTHROTTLED });
});
afterAll(() => service.stop());

const as = (key: string) => ({ "x-api-key": key });
const get = (path: string, key: string) => fetch(`${service.url}${path}`, { headers: as(key) });

describe("conversations owned by their API key", () => {
  it("gives k2 a 404 on k1's conversation for read, append and delete, and leaves it whole", async () => {
    const id = `owned-${Date.now()}`;
    const first = await service.post("/langchain", { conversation_id: id, input_text: "I am k1" }, as(K1));
    expect(first.status).toBe(200);

    expect((await get(`/conversations/${id}`, K2)).status).toBe(404);
    const append = await service.post("/langchain", { conversation_id: id, input_text: "me too" }, as(K2));
    expect(append.status).toBe(404);
    const removed = await fetch(`${service.url}/conversations/${id}`, { method: "DELETE", headers: as(K2) });
    expect(removed.status).toBe(404);

    const read = await get(`/conversations/${id}`, K1);
    expect(read.status).toBe(200);
    const body = (await read.json()) as { turns: { role: string; content: string }[] };
    expect(body.turns.map((turn) => turn.role)).toEqual(["user", "assistant"]);
    expect(body.turns[0]?.content).toBe("I am k1");

    const own = await fetch(`${service.url}/conversations/${id}`, { method: "DELETE", headers: as(K1) });
    expect(own.status).toBe(204);
    expect((await get(`/conversations/${id}`, K1)).status).toBe(404);
  });

  it("lists only the caller's conversations, newest first, a page at a time", async () => {
    const stamp = Date.now();
    const ids = [1, 2, 3].map((n) => `listed-${stamp}-${n}`);
    for (const id of ids) {
      const answer = await service.post(
        "/examples/default-marv-sarcastic-chat",
        { conversation_id: id, input_text: `Question number ${id} ${"long ".repeat(30)}` },
        as(K2),
      );
      expect(answer.status).toBe(200);
    }
    await service.post("/langchain", { conversation_id: ids[0], input_text: "back to the first" }, as(K2));

    const firstPage = await get("/conversations?limit=2", K2);
    expect(firstPage.status).toBe(200);
    const page1 = (await firstPage.json()) as SummaryPage;
    expect(page1.conversations.map((c) => c.id)).toEqual([ids[0], ids[2]]);
    expect(page1.conversations[0]).toMatchObject({ app: "default-marv-sarcastic-chat", turns: 2 });
    expect(page1.conversations[0]?.title.length).toBeLessThanOrEqual(60);
    expect(page1.conversations[0]?.title).toMatch(/^Question number/);
    expect(page1.next_cursor).toEqual(expect.any(String));

    const page2 = (await (
      await get(`/conversations?limit=2&cursor=${page1.next_cursor ?? ""}`, K2)
    ).json()) as SummaryPage;
    expect(page2.conversations.map((c) => c.id)).toContain(ids[1]);
    expect(page2.conversations.map((c) => c.id)).not.toContain(ids[0]);

    const others = (await (await get("/conversations?limit=100", K1)).json()) as SummaryPage;
    expect(others.conversations.map((c) => c.id)).not.toEqual(expect.arrayContaining([ids[1]]));

    const stolenCursor = await get(`/conversations?cursor=${page1.next_cursor ?? ""}`, K1);
    expect(stolenCursor.status).toBe(400);
    expect((await get("/conversations?limit=0", K2)).status).toBe(400);
    expect((await get("/conversations?cursor=not-a-cursor", K2)).status).toBe(400);
  });
});
