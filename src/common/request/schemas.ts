import { z } from "zod";
import type { RequestLimits } from "./limits.js";

const longerThan = (max: number) => ({ message: `longer than ${max} characters (MAX_MESSAGE_CHARS)` });

/** A text of at most `max` characters, its 400 naming the setting; unbounded without `max`. */
function text(max: number | undefined) {
  return max === undefined ? z.string() : z.string().max(max, longerThan(max));
}

/** A list of at most `max` items, its 400 naming the setting that bounds it. */
export function bounded<T extends z.ZodType>(
  items: T,
  max: number,
  what: string,
  setting: keyof RequestLimits,
) {
  return z.array(items).max(max, { message: `more than ${max} ${what} (${setting})` });
}

export const OBJECT_TYPES = [
  "chat.completion",
  "embedding",
  "moderation",
  "image",
  "audio",
  "models",
] as const;

/**
 * One chat message. Without `maxChars` its texts are unbounded: a stored message was checked against
 * the limits of the request that wrote it, and a lower limit since must not make it unreadable.
 */
export function messageSchema(maxChars?: number) {
  const toolCall = z.strictObject({
    id: z.string().min(1).max(200),
    type: z.literal("function"),
    function: z.strictObject({ name: z.string().min(1).max(64), arguments: text(maxChars) }),
  });
  const contentPart = z.looseObject({ type: z.string().min(1).max(40), text: text(maxChars).optional() });
  const content = z.union([text(maxChars), z.array(contentPart).min(1).max(100)]);
  return z
    .strictObject({
      role: z.enum(["system", "user", "assistant", "tool"]),
      content: content.nullable().optional(),
      name: z.string().min(1).max(64).optional(),
      tool_calls: z.array(toolCall).min(1).max(64).optional(),
      tool_call_id: z.string().min(1).max(200).optional(),
    })
    .superRefine((message, ctx) => {
      const hasContent = message.content !== undefined && message.content !== null;
      if (!hasContent && !(message.role === "assistant" && message.tool_calls))
        ctx.addIssue({ code: "custom", path: ["content"], message: "content is required" });
      if (message.tool_calls && message.role !== "assistant")
        ctx.addIssue({
          code: "custom",
          path: ["tool_calls"],
          message: "only assistant messages carry tool_calls",
        });
      if (message.role === "tool" && !message.tool_call_id)
        ctx.addIssue({
          code: "custom",
          path: ["tool_call_id"],
          message: "tool messages need a tool_call_id",
        });
    });
}

/**
 * One chat_history bubble. Chat kits (the earlier React client's chatscope) add display keys such as
 * `direction` and `sentTime`; they are dropped here, not refused, so those clients work unchanged.
 */
function historyEntrySchema(maxChars: number) {
  return z.object({ sender: z.enum(["user", "assistant", "system"]), message: text(maxChars) });
}

export const ToolSchema = z.strictObject({
  type: z.literal("function"),
  function: z.strictObject({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, { message: "expected 1-64 letters, digits, '_' or '-'" }),
    description: z.string().max(2_000).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

export const ToolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.strictObject({
    type: z.literal("function"),
    function: z.strictObject({ name: z.string().min(1).max(64) }),
  }),
]);

function inputTextSchema(maxChars: number) {
  return z.string().trim().min(1, { message: "must not be empty" }).max(maxChars, longerThan(maxChars));
}

/** A server-side conversation's id (docs/conversations.md); letters, digits, '_' and '-'. */
export const ConversationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, { message: "expected 1-128 letters, digits, '_' or '-'" });

/**
 * A conversation the server keeps already has its earlier turns: sent again as chat_history, they
 * would reach the model twice and be stored twice.
 */
function refuseHistoryWithConversation(
  body: { chat_history?: readonly unknown[] | undefined; conversation_id?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (body.conversation_id && body.chat_history && body.chat_history.length > 0)
    ctx.addIssue({
      code: "custom",
      path: ["chat_history"],
      message: "leave it out when naming a conversation_id: the server keeps that conversation's turns",
    });
}

/** The full chat-completion body of `/passthrough`, `/langchain` and `/openai_function_passthrough`. */
export function chatRequestSchema(limits: RequestLimits) {
  const { MAX_MESSAGES, MAX_MESSAGE_CHARS, MAX_TOOLS } = limits;
  return z
    .strictObject({
      object_type: z.enum(OBJECT_TYPES).default("chat.completion"),
      model: z.string().trim().min(1).max(200).optional(),
      temperature: z.number().min(0).max(2).default(0.5),
      max_tokens: z.number().int().positive().max(128_000).default(150),
      messages: bounded(messageSchema(MAX_MESSAGE_CHARS), MAX_MESSAGES, "messages", "MAX_MESSAGES")
        .min(1)
        .optional(),
      tools: bounded(ToolSchema, MAX_TOOLS, "tools", "MAX_TOOLS").optional(),
      tool_choice: ToolChoiceSchema.optional(),
      input_text: inputTextSchema(MAX_MESSAGE_CHARS).optional(),
      chat_history: bounded(
        historyEntrySchema(MAX_MESSAGE_CHARS),
        MAX_MESSAGES,
        "entries",
        "MAX_MESSAGES",
      ).optional(),
      conversation_id: ConversationIdSchema.optional(),
      stream: z.boolean().optional(),
      top_p: z.number().min(0).max(1).optional(),
      presence_penalty: z.number().min(-2).max(2).optional(),
      frequency_penalty: z.number().min(-2).max(2).optional(),
      seed: z.number().int().optional(),
      stop: z.union([z.string().max(200), z.array(z.string().max(200)).max(4)]).optional(),
      user: z.string().max(200).optional(),
    })
    .superRefine((body, ctx) => {
      if (body.object_type !== "chat.completion")
        ctx.addIssue({
          code: "custom",
          path: ["object_type"],
          message: `'${body.object_type}' is not served by this API; use 'chat.completion'`,
        });
      if (!body.messages && !body.input_text && !body.conversation_id)
        ctx.addIssue({
          code: "custom",
          path: ["messages"],
          message: "either messages or input_text is required",
        });
      if (body.chat_history && !body.input_text)
        ctx.addIssue({ code: "custom", path: ["input_text"], message: "chat_history needs input_text" });
      if (body.tool_choice && !body.tools)
        ctx.addIssue({ code: "custom", path: ["tool_choice"], message: "tool_choice needs tools" });
      refuseHistoryWithConversation(body, ctx);
    });
}

/** The body of an app route, `POST /examples/<slug>`: the app supplies the rest. */
export function appRequestSchema(limits: RequestLimits) {
  const { MAX_MESSAGES, MAX_MESSAGE_CHARS } = limits;
  return z
    .strictObject({
      input_text: inputTextSchema(MAX_MESSAGE_CHARS),
      chat_history: bounded(
        historyEntrySchema(MAX_MESSAGE_CHARS),
        MAX_MESSAGES,
        "entries",
        "MAX_MESSAGES",
      ).default([]),
      conversation_id: ConversationIdSchema.optional(),
      stream: z.boolean().optional(),
    })
    .superRefine(refuseHistoryWithConversation);
}

export type ChatRequestSchema = ReturnType<typeof chatRequestSchema>;
export type AppRequestSchema = ReturnType<typeof appRequestSchema>;
export type ChatRequestBody = z.output<ChatRequestSchema>;
export type AppRequestBody = z.output<AppRequestSchema>;
export type ChatMessage = z.output<ReturnType<typeof messageSchema>>;
export type HistoryEntry = z.output<ReturnType<typeof historyEntrySchema>>;
