import { z } from "zod";

const MAX_TEXT = 100_000;
export const MAX_MESSAGES = 500;

export const OBJECT_TYPES = [
  "chat.completion",
  "embedding",
  "moderation",
  "image",
  "audio",
  "models",
] as const;

const ToolCallSchema = z.strictObject({
  id: z.string().min(1).max(200),
  type: z.literal("function"),
  function: z.strictObject({ name: z.string().min(1).max(64), arguments: z.string().max(MAX_TEXT) }),
});

const ContentPartSchema = z.looseObject({ type: z.string().min(1).max(40) });

const ContentSchema = z.union([z.string().max(MAX_TEXT), z.array(ContentPartSchema).min(1).max(100)]);

export const MessageSchema = z
  .strictObject({
    role: z.enum(["system", "user", "assistant", "tool"]),
    content: ContentSchema.nullable().optional(),
    name: z.string().min(1).max(64).optional(),
    tool_calls: z.array(ToolCallSchema).min(1).max(64).optional(),
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
      ctx.addIssue({ code: "custom", path: ["tool_call_id"], message: "tool messages need a tool_call_id" });
  });

/**
 * One chat_history bubble. Chat kits (the earlier React client's chatscope) add display keys such as
 * `direction` and `sentTime`; they are dropped here, not refused, so those clients work unchanged.
 */
export const HistoryEntrySchema = z.object({
  sender: z.enum(["user", "assistant", "system"]),
  message: z.string().max(MAX_TEXT),
});

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

const InputTextSchema = z.string().trim().min(1, { message: "must not be empty" }).max(MAX_TEXT);

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
export const ChatRequestSchema = z
  .strictObject({
    object_type: z.enum(OBJECT_TYPES).default("chat.completion"),
    model: z.string().trim().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).default(0.5),
    max_tokens: z.number().int().positive().max(128_000).default(150),
    messages: z.array(MessageSchema).min(1).max(MAX_MESSAGES).optional(),
    tools: z.array(ToolSchema).max(128).optional(),
    tool_choice: ToolChoiceSchema.optional(),
    input_text: InputTextSchema.optional(),
    chat_history: z.array(HistoryEntrySchema).max(MAX_MESSAGES).optional(),
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

/** The body of an app route, `POST /examples/<slug>`: the app supplies the rest. */
export const AppRequestSchema = z
  .strictObject({
    input_text: InputTextSchema,
    chat_history: z.array(HistoryEntrySchema).max(MAX_MESSAGES).default([]),
    conversation_id: ConversationIdSchema.optional(),
    stream: z.boolean().optional(),
  })
  .superRefine(refuseHistoryWithConversation);

export type ChatRequestBody = z.output<typeof ChatRequestSchema>;
export type AppRequestBody = z.output<typeof AppRequestSchema>;
export type ChatMessage = z.output<typeof MessageSchema>;
export type HistoryEntry = z.output<typeof HistoryEntrySchema>;
