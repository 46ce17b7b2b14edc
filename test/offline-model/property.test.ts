import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "../../src/common/zod.js";
import { offlineModelForFile } from "./offline-client.js";

const offline = offlineModelForFile();

/** The contract of a plain chat.completion, as clients rely on it. */
const chatCompletionSchema = z.object({
  id: z.string().check(z.startsWith("chatcmpl-offline-")),
  object: z.literal("chat.completion"),
  created: z.int().check(z.positive()),
  model: z.string().check(z.startsWith("offline")),
  choices: z
    .array(
      z.object({
        index: z.literal(0),
        message: z.object({
          role: z.literal("assistant"),
          content: z.string().check(z.startsWith("[Offline model]")),
        }),
        finish_reason: z.literal("stop"),
      }),
    )
    .check(z.length(1)),
  usage: z.object({
    prompt_tokens: z.int().check(z.nonnegative()),
    completion_tokens: z.int().check(z.positive()),
    total_tokens: z.int().check(z.positive()),
  }),
});

/** What the answer promises to quote: the text on one line, cut at 300 characters with an ellipsis. */
function quotedForm(text: string): string {
  const oneLine = text.replace(/\s+/gu, " ").trim();
  const codePoints = Array.from(oneLine);
  return codePoints.length <= 300 ? oneLine : `${codePoints.slice(0, 300).join("")}…`;
}

const userText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ minLength: 290, maxLength: 420 }),
);

describe("offline model: any user text", () => {
  it("answers a valid chat.completion that quotes the (possibly shortened) user text", async () => {
    await fc.assert(
      fc.asyncProperty(userText, async (text) => {
        const completion = await offline.client().chat.completions.create({
          model: "gpt-4o",
          messages: [{ role: "user", content: text }],
        });
        const parsed = chatCompletionSchema.parse(completion);
        expect(parsed.choices[0]?.message.content).toContain(`You said: "${quotedForm(text)}"`);
      }),
      { numRuns: 150 },
    );
  });
});
