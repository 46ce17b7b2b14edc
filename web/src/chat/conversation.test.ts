import { describe, expect, it } from "vitest";
import type { ChatReply } from "../api/types.js";
import { type ChatAction, type Conversations, chatReducer, conversationOf } from "./conversation.js";

const reply = (text: string): ChatReply => ({ text, model: "offline-echo-1", offline: true });

function run(actions: ChatAction[], start: Conversations = {}): Conversations {
  return actions.reduce(chatReducer, start);
}

describe("chat state", () => {
  it("keeps a pending user turn until its answer arrives", () => {
    const state = run([{ type: "sent", slug: "a", id: "u1", text: "hello" }]);
    const conversation = conversationOf(state, "a");
    expect(conversation.waitingFor).toBe("u1");
    expect(conversation.turns).toEqual([{ id: "u1", role: "user", text: "hello", status: "pending" }]);
  });

  it("settles the user turn and appends the reply", () => {
    const state = run([
      { type: "sent", slug: "a", id: "u1", text: "hello" },
      { type: "answered", slug: "a", id: "u1", replyId: "r1", reply: reply("hi!") },
    ]);
    const conversation = conversationOf(state, "a");
    expect(conversation.waitingFor).toBeUndefined();
    expect(conversation.turns.map((t) => [t.role, t.role === "user" ? t.status : t.id])).toEqual([
      ["user", "answered"],
      ["assistant", "r1"],
    ]);
  });

  it("replaces the failed exchange when it is tried again, and keeps it when a message is sent", () => {
    const failure = { kind: "network", url: "http://x" } as const;
    const failed: ChatAction[] = [
      { type: "sent", slug: "a", id: "u1", text: "hello" },
      { type: "failed", slug: "a", id: "u1", errorId: "e1", failure },
    ];
    const retried = conversationOf(
      run([...failed, { type: "sent", slug: "a", id: "u2", text: "hello", retry: true }]),
      "a",
    );
    expect(retried.turns).toEqual([{ id: "u2", role: "user", text: "hello", status: "pending" }]);

    const typed = conversationOf(run([...failed, { type: "sent", slug: "a", id: "u2", text: "hello" }]), "a");
    expect(typed.turns.map((t) => t.id)).toEqual(["u1", "e1", "u2"]);
  });

  it("keeps conversations of different apps apart", () => {
    const state = run([
      { type: "sent", slug: "a", id: "u1", text: "to a" },
      { type: "sent", slug: "b", id: "u2", text: "to b" },
      { type: "answered", slug: "b", id: "u2", replyId: "r2", reply: reply("from b") },
    ]);
    expect(conversationOf(state, "a").waitingFor).toBe("u1");
    expect(conversationOf(state, "b").turns.map((t) => t.id)).toEqual(["u2", "r2"]);
    expect(conversationOf(state, "a").turns.map((t) => t.id)).toEqual(["u1"]);
  });

  it("records a failure with the text that failed, and the chat accepts the next message", () => {
    const state = run([
      { type: "sent", slug: "a", id: "u1", text: "hello" },
      { type: "failed", slug: "a", id: "u1", errorId: "e1", failure: { kind: "http", status: 504 } },
      { type: "sent", slug: "a", id: "u2", text: "again" },
    ]);
    const conversation = conversationOf(state, "a");
    expect(conversation.turns[1]).toEqual({
      id: "e1",
      role: "error",
      failure: { kind: "http", status: 504 },
      failedText: "hello",
    });
    expect(conversation.turns[0]).toMatchObject({ status: "failed" });
    expect(conversation.waitingFor).toBe("u2");
  });

  it("keeps a streaming answer's progress until the answer settles it", () => {
    const progress = { text: "Hal", toolsCalling: ["get_current_weather"] };
    const streaming = run([
      { type: "sent", slug: "a", id: "u1", text: "hello" },
      { type: "progressed", slug: "a", id: "u1", progress },
    ]);
    expect(conversationOf(streaming, "a")).toMatchObject({ waitingFor: "u1", partial: progress });
    const settled = run(
      [{ type: "answered", slug: "a", id: "u1", replyId: "r1", reply: reply("Hallo") }],
      streaming,
    );
    expect(conversationOf(settled, "a").partial).toBeUndefined();
    const late = run([{ type: "progressed", slug: "a", id: "u1", progress }], settled);
    expect(conversationOf(late, "a")).toEqual(conversationOf(settled, "a"));
  });

  it("ignores an answer that arrives after its conversation was cleared", () => {
    const state = run([
      { type: "sent", slug: "a", id: "u1", text: "hello" },
      { type: "cleared", slug: "a" },
      { type: "answered", slug: "a", id: "u1", replyId: "r1", reply: reply("late") },
    ]);
    expect(conversationOf(state, "a").turns).toEqual([]);
  });
});

describe("edits and stored conversations", () => {
  it("replaces the turns from an edited message on, and keeps the server conversation's id", () => {
    const state = run([
      { type: "sent", slug: "a", id: "u1", text: "one", conversationId: "c-1" },
      { type: "answered", slug: "a", id: "u1", replyId: "r1", reply: reply("1") },
      { type: "sent", slug: "a", id: "u2", text: "two" },
      { type: "answered", slug: "a", id: "u2", replyId: "r2", reply: reply("2") },
      { type: "sent", slug: "a", id: "u3", text: "two, edited", from: 2 },
    ]);
    const conversation = conversationOf(state, "a");
    expect(conversation.id).toBe("c-1");
    expect(conversation.turns.map((t) => t.id)).toEqual(["u1", "r1", "u3"]);
  });

  it("shows a stored conversation once read, and drops a read the user no longer waits for", () => {
    const stored = [{ id: "s1", role: "user" as const, text: "hi", status: "answered" as const }];
    const loading = run([{ type: "loading", slug: "a", conversationId: "c-1" }]);
    expect(conversationOf(loading, "a").load).toEqual({ state: "loading" });
    const loaded = run([{ type: "loaded", slug: "a", conversationId: "c-1", turns: stored }], loading);
    expect(conversationOf(loaded, "a")).toEqual({ id: "c-1", turns: stored });
    const movedOn = run(
      [
        { type: "loading", slug: "a", conversationId: "c-2" },
        { type: "loaded", slug: "a", conversationId: "c-1", turns: stored },
      ],
      loading,
    );
    expect(conversationOf(movedOn, "a")).toEqual({ id: "c-2", turns: [], load: { state: "loading" } });
    const failure = { kind: "http", status: 404 } as const;
    const gone = run([{ type: "loadFailed", slug: "a", conversationId: "c-2", failure }], movedOn);
    expect(conversationOf(gone, "a").load).toEqual({ state: "failed", failure });
  });
});
