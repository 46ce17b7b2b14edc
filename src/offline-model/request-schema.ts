import { z } from "zod";

/**
 * The part of an OpenAI chat completion request the offline model reads. Objects are loose because
 * real clients send many fields (temperature, user, seed...) that an offline answer has no use for.
 */

const textPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

const contentSchema = z.union([z.string(), z.array(textPartSchema), z.null()], {
  error: "content must be a string, a list of content parts, or null",
});

const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal("function").optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const messageSchema = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"], {
    error: "role must be one of system, developer, user, assistant, tool, function",
  }),
  content: contentSchema.optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().optional(),
});

/** JSON Schema of a tool's parameters; only the parts used to fill in arguments are typed. */
const parametersSchema = z.looseObject({
  properties: z
    .record(
      z.string(),
      z.looseObject({ type: z.unknown().optional(), enum: z.array(z.unknown()).optional() }),
    )
    .optional(),
  required: z.array(z.string()).optional(),
});

const toolSchema = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: parametersSchema.optional(),
  }),
});

const toolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) }),
]);

const tokenLimitSchema = z.number().int().positive().nullable().optional();

export const chatRequestSchema = z.looseObject(
  {
    model: z.string().optional(),
    messages: z.array(messageSchema, { error: "messages must be an array of chat messages" }).min(1, {
      error: "messages must hold at least one message",
    }),
    tools: z.array(toolSchema).nullable().optional(),
    tool_choice: toolChoiceSchema.nullable().optional(),
    max_tokens: tokenLimitSchema,
    max_completion_tokens: tokenLimitSchema,
    stream: z.boolean().nullable().optional(),
    stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  },
  { error: "The request body must be a JSON object." },
);

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest["messages"][number];
export type ToolDefinition = NonNullable<ChatRequest["tools"]>[number];
export type ToolParameters = z.infer<typeof parametersSchema>;

/** The first problem of a rejected request, worded for a person and pointing at the field. */
export function describeRequestProblem(error: z.ZodError): { message: string; param: string | null } {
  const issue = error.issues[0];
  if (!issue) return { message: "The request body is not a valid chat completion request.", param: null };
  const param = issue.path.length > 0 ? issue.path.map(String).join(".") : null;
  const message =
    param === null || issue.message.includes(String(issue.path[0]))
      ? issue.message
      : `${param}: ${issue.message}`;
  return { message, param };
}
