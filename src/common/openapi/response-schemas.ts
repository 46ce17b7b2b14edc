import * as z from "../zod.js";

/** Response shapes, for the API description only: handlers return what the model returned. */

/** A schema with its description and examples in the OpenAPI document. */
function documented<T extends z.ZodMiniType>(schema: T, meta: z.core.GlobalMeta): T {
  z.globalRegistry.add(schema, meta);
  return schema;
}

export const ErrorBodySchema = z.object({
  error: z.object({
    type: documented(z.string(), { examples: ["invalid_request"] }),
    message: documented(z.string(), { examples: ["messages.0.role: Invalid option"] }),
    request_id: z.string(),
  }),
});

const ToolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const ChatCompletionFields = {
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.int(),
  model: documented(z.string(), {
    description: "Model that answered; ids starting with 'offline' come from the offline model",
  }),
  choices: z.array(
    z.object({
      index: z.int(),
      message: z.object({
        role: z.literal("assistant"),
        content: z.nullable(z.string()),
        tool_calls: z.optional(z.array(ToolCallSchema)),
      }),
      finish_reason: z.nullable(z.string()),
    }),
  ),
  usage: z.optional(
    z.object({
      prompt_tokens: z.int(),
      completion_tokens: z.int(),
      total_tokens: z.int(),
    }),
  ),
};

/** A chat.completion as `/v1/chat/completions` sends it: OpenAI's fields only. */
export const OpenAIChatCompletionSchema = z.looseObject(ChatCompletionFields);

export const ChatCompletionResponseSchema = z.looseObject({
  ...ChatCompletionFields,
  request_meta_data: z.looseObject({
    lambda: z.enum(["lambda_openai_v2", "lambda_langchain", "lambda_openai_function"]),
    model: z.string(),
    object_type: z.literal("chat.completion"),
    temperature: z.number(),
    max_tokens: z.int(),
    input_text: z.optional(z.string()),
    app: z.optional(z.string()),
  }),
});

export const InfoResponseSchema = z.looseObject({
  settings: documented(z.record(z.string(), z.unknown()), {
    description: "Effective settings; secrets masked",
  }),
  setting_sources: z.record(z.string(), z.string()),
  runtime: z.record(z.string(), z.unknown()),
  aws: z.record(z.string(), z.unknown()),
});

/** OpenAI's error body, as `/v1` answers every error: the SDKs read `message`, `type`, `param`, `code`. */
export const OpenAIErrorBodySchema = z.object({
  error: z.object({
    message: documented(z.string(), { examples: ["messages.0.content: Invalid input"] }),
    type: documented(z.string(), { examples: ["invalid_request_error"] }),
    param: z.nullable(z.string()),
    code: documented(z.nullable(z.string()), {
      description: "The service's own error type",
      examples: ["invalid_request"],
    }),
  }),
});

export const ModelListSchema = z.object({
  object: z.literal("list"),
  data: z.array(
    z.object({
      id: documented(z.string(), { description: "An app's slug, or an upstream model id" }),
      object: z.literal("model"),
      created: z.int(),
      owned_by: z.string(),
      title: z.optional(z.string()),
      description: z.optional(z.string()),
    }),
  ),
});

const usageFigures = {
  prompt_tokens: z.int(),
  completion_tokens: z.int(),
  requests: z.int(),
  estimated_requests: documented(z.int(), { description: "Answers whose usage was estimated" }),
};
const periodUsage = z.object({
  ...usageFigures,
  budget: documented(z.int(), { description: "The period's token budget; 0: none" }),
  budget_left: documented(z.nullable(z.int()), { description: "Tokens left; null without a budget" }),
});

/** `GET /usage`: the caller's own tokens; with `scope=all` and the admin key, `owners` instead. */
export const UsageResponseSchema = z.object({
  owner: documented(z.optional(z.string()), { description: "The API key's id (never the key)" }),
  today: z.optional(periodUsage),
  month: z.optional(periodUsage),
  by_app_model: z.optional(z.array(z.object({ app: z.string(), model: z.string(), ...usageFigures }))),
  owners: documented(
    z.optional(
      z.array(z.object({ owner: z.string(), today: z.object(usageFigures), month: z.object(usageFigures) })),
    ),
    { description: "The admin view: every owner's totals of today and this month" },
  ),
});
