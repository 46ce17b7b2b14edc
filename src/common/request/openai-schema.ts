import * as z from "../zod.js";
import type { RequestLimits } from "./limits.js";
import {
  bounded,
  MaxTokensSchema,
  messageSchema,
  numberRange,
  StopSchema,
  ToolChoiceSchema,
  ToolSchema,
  trimmedText,
} from "./schemas.js";

const optional = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));

/**
 * The body of `POST /v1/chat/completions`, as OpenAI's clients send it. Fields OpenAI has and this
 * service cannot honour (`n` above 1, `logprobs`, `response_format`, audio) are refused by name rather
 * than silently ignored; `null` stands for "unset", as the SDKs send it.
 */
export function openAIChatRequestSchema(limits: RequestLimits) {
  const { MAX_MESSAGES, MAX_MESSAGE_CHARS, MAX_TOOLS } = limits;
  return z
    .strictObject({
      model: trimmedText(1, 200),
      messages: bounded(messageSchema(MAX_MESSAGE_CHARS), MAX_MESSAGES, "messages", "MAX_MESSAGES").check(
        z.minLength(1),
      ),
      temperature: optional(numberRange(0, 2)),
      max_tokens: optional(MaxTokensSchema),
      max_completion_tokens: optional(MaxTokensSchema),
      stream: optional(z.boolean()),
      stream_options: optional(z.strictObject({ include_usage: z.optional(z.boolean()) })),
      tools: optional(bounded(ToolSchema, MAX_TOOLS, "tools", "MAX_TOOLS")),
      tool_choice: optional(ToolChoiceSchema),
      n: optional(z.literal(1, { message: "only one choice (n = 1) is served" })),
      top_p: optional(numberRange(0, 1)),
      presence_penalty: optional(numberRange(-2, 2)),
      frequency_penalty: optional(numberRange(-2, 2)),
      seed: optional(z.int()),
      stop: optional(StopSchema),
      user: optional(z.string().check(z.maxLength(200))),
    })
    .check(
      z.superRefine((body, ctx) => {
        if (body.tool_choice && !body.tools)
          ctx.addIssue({ code: "custom", path: ["tool_choice"], message: "tool_choice needs tools" });
        if (body.stream_options && !body.stream)
          ctx.addIssue({
            code: "custom",
            path: ["stream_options"],
            message: "stream_options needs stream: true",
          });
      }),
    );
}

export type OpenAIChatRequestSchema = ReturnType<typeof openAIChatRequestSchema>;
export type OpenAIChatRequestBody = z.output<OpenAIChatRequestSchema>;
