import * as z from "../zod.js";
import type { RequestLimits } from "./limits.js";

const longerThan = (max: number) => ({ message: `longer than ${max} characters (MAX_MESSAGE_CHARS)` });

/** A text of at most `max` characters, its 400 naming the setting; unbounded without `max`. */
function text(max: number | undefined) {
  return max === undefined ? z.string() : z.string().check(z.maxLength(max, longerThan(max)));
}

/** A text of `min` to `max` characters. */
export function textOfLength(min: number, max: number) {
  return z.string().check(z.minLength(min), z.maxLength(max));
}

/** A text trimmed, then of `min` to `max` characters. */
export function trimmedText(min: number, max: number) {
  return z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
}

/** A list of at most `max` items, its 400 naming the setting that bounds it. */
export function bounded<T extends z.ZodMiniType>(
  items: T,
  max: number,
  what: string,
  setting: keyof RequestLimits,
) {
  return z.array(items).check(z.maxLength(max, { message: `more than ${max} ${what} (${setting})` }));
}

/** A number from `min` to `max`, both included. */
export function numberRange(min: number, max: number) {
  return z.number().check(z.gte(min), z.lte(max));
}

/** Tokens an answer may take: OpenAI's largest output. */
export const MaxTokensSchema = z.int().check(z.positive(), z.lte(128_000));

/** Up to four stop sequences, or one. */
export const StopSchema = z.union([
  z.string().check(z.maxLength(200)),
  z.array(z.string().check(z.maxLength(200))).check(z.maxLength(4)),
]);

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
    id: textOfLength(1, 200),
    type: z.literal("function"),
    function: z.strictObject({ name: textOfLength(1, 64), arguments: text(maxChars) }),
  });
  const contentPart = z.looseObject({ type: textOfLength(1, 40), text: z.optional(text(maxChars)) });
  const content = z.union([text(maxChars), z.array(contentPart).check(z.minLength(1), z.maxLength(100))]);
  return z
    .strictObject({
      role: z.enum(["system", "user", "assistant", "tool"]),
      content: z.optional(z.nullable(content)),
      name: z.optional(textOfLength(1, 64)),
      tool_calls: z.optional(z.array(toolCall).check(z.minLength(1), z.maxLength(64))),
      tool_call_id: z.optional(textOfLength(1, 200)),
    })
    .check(
      z.superRefine((message, ctx) => {
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
      }),
    );
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
    name: z
      .string()
      .check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, { message: "expected 1-64 letters, digits, '_' or '-'" })),
    description: z.optional(z.string().check(z.maxLength(2_000))),
    parameters: z.optional(z.record(z.string(), z.unknown())),
    strict: z.optional(z.nullable(z.boolean())),
  }),
});

export const ToolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.strictObject({
    type: z.literal("function"),
    function: z.strictObject({ name: textOfLength(1, 64) }),
  }),
]);

function inputTextSchema(maxChars: number) {
  return z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { message: "must not be empty" }),
      z.maxLength(maxChars, longerThan(maxChars)),
    );
}

/** A server-side conversation's id (docs/conversations.md); letters, digits, '_' and '-'. */
export const ConversationIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, { message: "expected 1-128 letters, digits, '_' or '-'" }));

/**
 * A conversation the server keeps already has its earlier turns: sent again as chat_history, they
 * would reach the model twice and be stored twice.
 */
function refuseHistoryWithConversation(
  body: { chat_history?: readonly unknown[] | undefined; conversation_id?: string | undefined },
  ctx: z.core.$RefinementCtx,
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
      object_type: z._default(z.enum(OBJECT_TYPES), "chat.completion"),
      model: z.optional(trimmedText(1, 200)),
      temperature: z._default(numberRange(0, 2), 0.5),
      max_tokens: z._default(MaxTokensSchema, 150),
      messages: z.optional(
        bounded(messageSchema(MAX_MESSAGE_CHARS), MAX_MESSAGES, "messages", "MAX_MESSAGES").check(
          z.minLength(1),
        ),
      ),
      tools: z.optional(bounded(ToolSchema, MAX_TOOLS, "tools", "MAX_TOOLS")),
      tool_choice: z.optional(ToolChoiceSchema),
      input_text: z.optional(inputTextSchema(MAX_MESSAGE_CHARS)),
      chat_history: z.optional(
        bounded(historyEntrySchema(MAX_MESSAGE_CHARS), MAX_MESSAGES, "entries", "MAX_MESSAGES"),
      ),
      conversation_id: z.optional(ConversationIdSchema),
      stream: z.optional(z.boolean()),
      top_p: z.optional(numberRange(0, 1)),
      presence_penalty: z.optional(numberRange(-2, 2)),
      frequency_penalty: z.optional(numberRange(-2, 2)),
      seed: z.optional(z.int()),
      stop: z.optional(StopSchema),
      user: z.optional(z.string().check(z.maxLength(200))),
    })
    .check(
      z.superRefine((body, ctx) => {
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
      }),
    );
}

/** The body of an app route, `POST /examples/<slug>`: the app supplies the rest. */
export function appRequestSchema(limits: RequestLimits) {
  const { MAX_MESSAGES, MAX_MESSAGE_CHARS } = limits;
  return z
    .strictObject({
      input_text: inputTextSchema(MAX_MESSAGE_CHARS),
      chat_history: z._default(
        bounded(historyEntrySchema(MAX_MESSAGE_CHARS), MAX_MESSAGES, "entries", "MAX_MESSAGES"),
        [],
      ),
      conversation_id: z.optional(ConversationIdSchema),
      stream: z.optional(z.boolean()),
    })
    .check(z.superRefine(refuseHistoryWithConversation));
}

export type ChatRequestSchema = ReturnType<typeof chatRequestSchema>;
export type AppRequestSchema = ReturnType<typeof appRequestSchema>;
export type ChatRequestBody = z.output<ChatRequestSchema>;
export type AppRequestBody = z.output<AppRequestSchema>;
export type ChatMessage = z.output<ReturnType<typeof messageSchema>>;
export type HistoryEntry = z.output<ReturnType<typeof historyEntrySchema>>;
