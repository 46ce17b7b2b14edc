import { z } from "zod";
import type { RequestLimits } from "./limits.js";
import { bounded, messageSchema, ToolChoiceSchema, ToolSchema } from "./schemas.js";

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const MaxTokensSchema = optional(z.number().int().positive().max(128_000));

/**
 * The body of `POST /v1/chat/completions`, as OpenAI's clients send it. Fields OpenAI has and this
 * service cannot honour (`n` above 1, `logprobs`, `response_format`, audio) are refused by name rather
 * than silently ignored; `null` stands for "unset", as the SDKs send it.
 */
export function openAIChatRequestSchema(limits: RequestLimits) {
  const { MAX_MESSAGES, MAX_MESSAGE_CHARS, MAX_TOOLS } = limits;
  return z
    .strictObject({
      model: z.string().trim().min(1).max(200),
      messages: bounded(messageSchema(MAX_MESSAGE_CHARS), MAX_MESSAGES, "messages", "MAX_MESSAGES").min(1),
      temperature: optional(z.number().min(0).max(2)),
      max_tokens: MaxTokensSchema,
      max_completion_tokens: MaxTokensSchema,
      stream: optional(z.boolean()),
      stream_options: optional(z.strictObject({ include_usage: z.boolean().optional() })),
      tools: optional(bounded(ToolSchema, MAX_TOOLS, "tools", "MAX_TOOLS")),
      tool_choice: optional(ToolChoiceSchema),
      n: optional(z.literal(1, { message: "only one choice (n = 1) is served" })),
      top_p: optional(z.number().min(0).max(1)),
      presence_penalty: optional(z.number().min(-2).max(2)),
      frequency_penalty: optional(z.number().min(-2).max(2)),
      seed: optional(z.number().int()),
      stop: optional(z.union([z.string().max(200), z.array(z.string().max(200)).max(4)])),
      user: optional(z.string().max(200)),
    })
    .superRefine((body, ctx) => {
      if (body.tool_choice && !body.tools)
        ctx.addIssue({ code: "custom", path: ["tool_choice"], message: "tool_choice needs tools" });
      if (body.stream_options && !body.stream)
        ctx.addIssue({
          code: "custom",
          path: ["stream_options"],
          message: "stream_options needs stream: true",
        });
    });
}

export type OpenAIChatRequestSchema = ReturnType<typeof openAIChatRequestSchema>;
export type OpenAIChatRequestBody = z.output<OpenAIChatRequestSchema>;
