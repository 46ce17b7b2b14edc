import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../api/conversations.js";
import type { Turn } from "./conversation.js";
import { cutAfterSeq, storedExchanges, turnsFromStored } from "./stored-turns.js";

const stored = (pairs: [string, string | null][]): StoredMessage[] =>
  pairs.map(([role, content], index) => ({ seq: index + 1, role, content }));

let n = 0;
const nextId = () => `t${++n}`;

describe("turnsFromStored", () => {
  it("shows the user's messages and the answers with text, leaving out tool steps", () => {
    const turns = turnsFromStored(
      stored([
        ["user", "Weather in Paris?"],
        ["assistant", null],
        ["tool", '{"temp": 12}'],
        ["assistant", "It is 12 °C."],
      ]),
      nextId,
    );
    expect(
      turns.map((turn) => [
        turn.role,
        turn.role === "user" ? turn.text : turn.role === "assistant" ? turn.reply.text : "",
      ]),
    ).toEqual([
      ["user", "Weather in Paris?"],
      ["assistant", "It is 12 °C."],
    ]);
  });
});

describe("editing a stored conversation", () => {
  const user = (id: string, status: "answered" | "failed" = "answered"): Turn => ({
    id,
    role: "user",
    text: id,
    status,
  });
  const answer = (id: string, stopped = false): Turn => ({
    id,
    role: "assistant",
    reply: {
      text: id,
      model: "m",
      offline: false,
      ...(stopped ? { endedEarly: { kind: "stopped" as const } } : {}),
    },
  });

  it("counts only the exchanges the server kept: not a failed message, nor an answer cut short", () => {
    const turns: Turn[] = [
      user("q1"),
      answer("a1"),
      user("q2", "failed"),
      { id: "e", role: "error", failure: { kind: "timeout", seconds: 1 }, failedText: "q2" },
      user("q3"),
      answer("a3", true),
      user("q4"),
      answer("a4"),
    ];
    expect(storedExchanges(turns, 0)).toBe(0);
    expect(storedExchanges(turns, 2)).toBe(1);
    expect(storedExchanges(turns, 6)).toBe(1);
    expect(storedExchanges(turns, 8)).toBe(2);
  });

  it("cuts after the last message before the next kept exchange's user message", () => {
    const messages = stored([
      ["user", "q1"],
      ["assistant", "a1"],
      ["user", "q2"],
      ["assistant", null],
      ["tool", "{}"],
      ["assistant", "a2"],
      ["user", "q3"],
      ["assistant", "a3"],
    ]);
    expect(cutAfterSeq(messages, 1)).toBe(2);
    expect(cutAfterSeq(messages, 2)).toBe(6);
    // Everything stays: there is nothing after the third exchange to cut.
    expect(cutAfterSeq(messages, 3)).toBeUndefined();
  });
});
