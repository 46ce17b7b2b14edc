import { z } from "zod";

/** Response shapes, for the API description only: handlers return what the model returned. */
export const ErrorBodySchema = z.object({
  error: z.object({
    type: z.string().meta({ examples: ["invalid_request"] }),
    message: z.string().meta({ examples: ["messages.0.role: Invalid option"] }),
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
  created: z.number().int(),
  model: z
    .string()
    .meta({ description: "Model that answered; ids starting with 'offline' come from the offline model" }),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({
        role: z.literal("assistant"),
        content: z.string().nullable(),
        tool_calls: z.array(ToolCallSchema).optional(),
      }),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: z
    .object({
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
      total_tokens: z.number().int(),
    })
    .optional(),
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
    max_tokens: z.number().int(),
    input_text: z.string().optional(),
    app: z.string().optional(),
  }),
});

export const InfoResponseSchema = z.looseObject({
  settings: z.record(z.string(), z.unknown()).meta({ description: "Effective settings; secrets masked" }),
  setting_sources: z.record(z.string(), z.string()),
  runtime: z.record(z.string(), z.unknown()),
  aws: z.record(z.string(), z.unknown()),
});

/** OpenAI's error body, as `/v1` answers every error: the SDKs read `message`, `type`, `param`, `code`. */
export const OpenAIErrorBodySchema = z.object({
  error: z.object({
    message: z.string().meta({ examples: ["messages.0.content: Invalid input"] }),
    type: z.string().meta({ examples: ["invalid_request_error"] }),
    param: z.string().nullable(),
    code: z
      .string()
      .nullable()
      .meta({ description: "The service's own error type", examples: ["invalid_request"] }),
  }),
});

export const ModelListSchema = z.object({
  object: z.literal("list"),
  data: z.array(
    z.object({
      id: z.string().meta({ description: "An app's slug, or an upstream model id" }),
      object: z.literal("model"),
      created: z.number().int(),
      owned_by: z.string(),
      title: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
});

const usageFigures = {
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  requests: z.number().int(),
  estimated_requests: z.number().int().meta({ description: "Answers whose usage was estimated" }),
};
const periodUsage = z.object({
  ...usageFigures,
  budget: z.number().int().meta({ description: "The period's token budget; 0: none" }),
  budget_left: z.number().int().nullable().meta({ description: "Tokens left; null without a budget" }),
});

/** `GET /usage`: the caller's own tokens; with `scope=all` and the admin key, `owners` instead. */
export const UsageResponseSchema = z.object({
  owner: z.string().optional().meta({ description: "The API key's id (never the key)" }),
  today: periodUsage.optional(),
  month: periodUsage.optional(),
  by_app_model: z.array(z.object({ app: z.string(), model: z.string(), ...usageFigures })).optional(),
  owners: z
    .array(z.object({ owner: z.string(), today: z.object(usageFigures), month: z.object(usageFigures) }))
    .optional()
    .meta({ description: "The admin view: every owner's totals of today and this month" }),
});
