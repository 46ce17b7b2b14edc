import { z } from "zod/mini";
import type { ChatFailure, ChatReply, TokenUsage } from "./types.js";

const MetaDataSchema = z.object({
  plugins: z.optional(z.array(z.string())),
  tools_called: z.optional(z.array(z.string())),
});

const UsageSchema = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
});

/** The `usage` of an answer (or of a stream's last chunk), when it has a readable one. */
export function readUsage(usage: unknown): TokenUsage | undefined {
  const parsed = UsageSchema.safeParse(usage);
  if (!parsed.success) return undefined;
  return {
    promptTokens: parsed.data.prompt_tokens,
    completionTokens: parsed.data.completion_tokens,
    totalTokens: parsed.data.total_tokens,
  };
}

const CompletionSchema = z.object({
  model: z.string(),
  choices: z
    .array(z.object({ message: z.object({ content: z.optional(z.nullable(z.string())) }) }))
    .check(z.minLength(1)),
  usage: z.optional(z.unknown()),
  request_meta_data: z.optional(z.unknown()),
});

const ErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.optional(z.string()),
    request_id: z.optional(z.string()),
  }),
});

/** API Gateway's own refusals, before any function runs: `{"message": "..."}`. */
const GatewayErrorSchema = z.object({ message: z.string() });

/** The error types API Gateway's usage plans mean by their messages. */
const GATEWAY_ERROR_TYPES: Readonly<Record<string, string>> = {
  "Limit Exceeded": "quota_exceeded",
  "Too Many Requests": "rate_limited",
};

const OFFLINE_MODEL_PREFIX = "offline";

/** The server's built-in offline model answered (its model ids start with "offline"). */
export function isOfflineModel(model: string): boolean {
  return model.startsWith(OFFLINE_MODEL_PREFIX);
}

/** Reads a 200 answer; a body that is not a chat.completion is a failure, not an empty reply. */
export function readCompletion(body: unknown): { reply: ChatReply } | { failure: ChatFailure } {
  const parsed = CompletionSchema.safeParse(body);
  if (!parsed.success) {
    return { failure: { kind: "bad-response", detail: z.prettifyError(parsed.error) } };
  }
  const { model, choices, usage, request_meta_data: meta } = parsed.data;
  const reply: ChatReply = {
    text: choices[0]?.message.content ?? "",
    model,
    offline: isOfflineModel(model),
  };
  const toolUse = readToolUse(meta);
  if (toolUse) reply.toolUse = toolUse;
  const tokens = readUsage(usage);
  if (tokens) reply.usage = tokens;
  return { reply };
}

/** The plugins and tools a function-calling answer's request_meta_data names, if it names any. */
export function readToolUse(meta: unknown): ChatReply["toolUse"] {
  const parsed = MetaDataSchema.safeParse(meta);
  if (!parsed.success || (!parsed.data.plugins && !parsed.data.tools_called)) return undefined;
  return { plugins: parsed.data.plugins ?? [], toolsCalled: parsed.data.tools_called ?? [] };
}

/** Reads an error answer; bodies from proxies (HTML, empty) still give the status. */
export function readErrorBody(
  status: number,
  body: unknown,
  retryAfterSeconds: number | undefined,
): ChatFailure {
  const failure: ChatFailure = { kind: "http", status };
  const parsed = ErrorBodySchema.safeParse(body);
  const gateway = GatewayErrorSchema.safeParse(body);
  if (parsed.success) {
    failure.message = parsed.data.error.message;
    if (parsed.data.error.type) failure.errorType = parsed.data.error.type;
    if (parsed.data.error.request_id) failure.requestId = parsed.data.error.request_id;
  } else if (gateway.success) {
    const type = GATEWAY_ERROR_TYPES[gateway.data.message];
    if (type) failure.errorType = type;
    else failure.message = gateway.data.message;
  }
  if (retryAfterSeconds !== undefined) failure.retryAfterSeconds = retryAfterSeconds;
  return failure;
}
