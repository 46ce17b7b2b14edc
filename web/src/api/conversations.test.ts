import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteConversation, listConversations, readConversation } from "./conversations.js";

// The loopback API answers from `pages` by path and query; it records each request it got.
let pages: Record<string, { status: number; body?: unknown }> = {};
const seen: { method: string; url: string; key: string | undefined }[] = [];
let server: Server;
let target: { baseUrl: string; apiKey: string };

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      key: req.headers["x-api-key"] as string | undefined,
    });
    const page = pages[`${req.method} ${req.url}`] ?? {
      status: 404,
      body: { error: { message: "no such page" } },
    };
    res.writeHead(page.status, { "content-type": "application/json" });
    res.end(page.body === undefined ? "" : JSON.stringify(page.body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  target = { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, apiKey: "key-1" };
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const summary = {
  id: "c-1",
  app: "default-marv-sarcastic-chat",
  title: "hi",
  created_at: "2026-12-03T10:00:00.000Z",
  updated_at: "2026-12-03T10:05:00.000Z",
  turns: 2,
};

describe("conversations API", () => {
  it("lists a page with the key, and passes the cursor back for the next", async () => {
    pages = {
      "GET /conversations?limit=20": { status: 200, body: { conversations: [summary], next_cursor: "abc" } },
      "GET /conversations?limit=20&cursor=abc": {
        status: 200,
        body: { conversations: [], next_cursor: null },
      },
    };
    const first = await listConversations(target);
    expect(first).toEqual({
      ok: true,
      value: {
        conversations: [
          { id: "c-1", app: summary.app, title: "hi", updatedAt: summary.updated_at, turns: 2 },
        ],
        nextCursor: "abc",
      },
    });
    expect(seen.at(-1)?.key).toBe("key-1");
    expect(await listConversations(target, "abc")).toEqual({ ok: true, value: { conversations: [] } });
  });

  it("turns a refusal or an unreadable list into a failure, never an empty list", async () => {
    pages = {
      "GET /conversations?limit=20": {
        status: 503,
        body: { error: { type: "misconfigured", message: "x" } },
      },
    };
    expect(await listConversations(target)).toMatchObject({
      ok: false,
      failure: { kind: "http", status: 503 },
    });
    pages = { "GET /conversations?limit=20": { status: 200, body: { conversations: [{ id: 1 }] } } };
    expect(await listConversations(target)).toMatchObject({ ok: false, failure: { kind: "bad-response" } });
    const closed = { baseUrl: "http://127.0.0.1:9", apiKey: "" };
    expect(await listConversations(closed)).toMatchObject({ ok: false, failure: { kind: "network" } });
  });

  it("reads every page of a conversation, tool steps included, text or not", async () => {
    pages = {
      "GET /conversations/c-1?after=0&limit=200": {
        status: 200,
        body: {
          turns: [
            { seq: 1, role: "user", content: "weather?" },
            { seq: 2, role: "assistant", content: null, tool_calls: [] },
          ],
          next_after: 2,
        },
      },
      "GET /conversations/c-1?after=2&limit=200": {
        status: 200,
        body: { turns: [{ seq: 3, role: "assistant", content: "sunny" }] },
      },
    };
    expect(await readConversation(target, "c-1")).toEqual({
      ok: true,
      value: [
        { seq: 1, role: "user", content: "weather?" },
        { seq: 2, role: "assistant", content: null },
        { seq: 3, role: "assistant", content: "sunny" },
      ],
    });
    expect(await readConversation(target, "c-gone")).toMatchObject({ ok: false, failure: { status: 404 } });
  });

  it("deletes a conversation, or only its messages after a seq", async () => {
    pages = {
      "DELETE /conversations/c-1": { status: 204 },
      "DELETE /conversations/c-1?after=4": { status: 204 },
    };
    expect(await deleteConversation(target, "c-1")).toEqual({ ok: true, value: null });
    expect(await deleteConversation(target, "c-1", 4)).toEqual({ ok: true, value: null });
    expect(seen.slice(-2).map((request) => `${request.method} ${request.url}`)).toEqual([
      "DELETE /conversations/c-1",
      "DELETE /conversations/c-1?after=4",
    ]);
    expect(await deleteConversation(target, "c-2")).toMatchObject({ ok: false, failure: { status: 404 } });
  });
});
