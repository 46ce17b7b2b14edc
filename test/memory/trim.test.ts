import fc from "fast-check";
import type { ChatCompletionMessageParam } from "openai/resources";
import { describe, expect, it } from "vitest";
import { estimateTokens, trimHistory } from "../../src/common/memory/index.js";

const text = (role: "user" | "assistant", content: string): ChatCompletionMessageParam => ({ role, content });

const messageArbitrary: fc.Arbitrary<ChatCompletionMessageParam> = fc.oneof(
  fc.record({ role: fc.constant("user" as const), content: fc.string({ maxLength: 200 }) }),
  fc.record({ role: fc.constant("assistant" as const), content: fc.string({ maxLength: 200 }) }),
  fc.record({
    role: fc.constant("tool" as const),
    content: fc.string({ maxLength: 50 }),
    tool_call_id: fc.constant("call_1"),
  }),
);

describe("history trimming", () => {
  it("keeps the newest messages up to the message limit", () => {
    const history = ["a", "b", "c", "d", "e"].map((content, index) =>
      text(index % 2 === 0 ? "user" : "assistant", content),
    );
    expect(trimHistory(history, { maxMessages: 3, maxTokens: 1_000 }).map((m) => m.content)).toEqual([
      "c",
      "d",
      "e",
    ]);
  });

  it("drops the oldest messages beyond the token estimate", () => {
    const long = "x".repeat(400);
    const history = [text("user", long), text("assistant", long), text("user", "short")];
    const kept = trimHistory(history, {
      maxMessages: 10,
      maxTokens: estimateTokens(history[1] ?? text("user", "")) + 10,
    });
    expect(kept.map((m) => m.content)).toEqual([long, "short"]);
  });

  it("never starts with a tool result whose call was cut off", () => {
    const history: ChatCompletionMessageParam[] = [
      { role: "user", content: "weather?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: "{}" } }],
      },
      { role: "tool", content: "sunny", tool_call_id: "call_1" },
      { role: "assistant", content: "It is sunny." },
    ];
    expect(trimHistory(history, { maxMessages: 2, maxTokens: 1_000 })).toEqual([history[3]]);
  });

  it("always answers a suffix within both budgets that does not start with a tool result", () => {
    fc.assert(
      fc.property(
        fc.array(messageArbitrary, { maxLength: 40 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 2_000 }),
        (history, maxMessages, maxTokens) => {
          const kept = trimHistory(history, { maxMessages, maxTokens });
          expect(kept).toEqual(history.slice(history.length - kept.length));
          expect(kept.length).toBeLessThanOrEqual(maxMessages);
          expect(kept.reduce((sum, message) => sum + estimateTokens(message), 0)).toBeLessThanOrEqual(
            maxTokens,
          );
          expect(kept[0]?.role).not.toBe("tool");
        },
      ),
    );
  });
});
