import * as z from "../common/zod.js";

/**
 * The part of an OpenAI chat completion request the offline model reads. Objects are loose because
 * real clients send many fields (temperature, user, seed...) that an offline answer has no use for.
 */

const textPartSchema = z.looseObject({ type: z.string(), text: z.optional(z.string()) });

const contentSchema = z.union([z.string(), z.array(textPartSchema), z.null()], {
  error: "content must be a string, a list of content parts, or null",
});

const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.optional(z.literal("function")),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const messageSchema = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"], {
    error: "role must be one of system, developer, user, assistant, tool, function",
  }),
  content: z.optional(contentSchema),
  name: z.optional(z.string()),
  tool_calls: z.optional(z.array(toolCallSchema)),
  tool_call_id: z.optional(z.string()),
});

/** JSON Schema of a tool's parameters; only the parts used to fill in arguments are typed. */
const parametersSchema = z.looseObject({
  properties: z.optional(
    z.record(
      z.string(),
      z.looseObject({ type: z.optional(z.unknown()), enum: z.optional(z.array(z.unknown())) }),
    ),
  ),
  required: z.optional(z.array(z.string())),
});

const toolSchema = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().check(z.minLength(1)),
    description: z.optional(z.string()),
    parameters: z.optional(parametersSchema),
  }),
});

const toolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) }),
]);

const tokenLimitSchema = z.optional(z.nullable(z.int().check(z.positive())));

export const chatRequestSchema = z.looseObject(
  {
    model: z.optional(z.string()),
    messages: z
      .array(messageSchema, { error: "messages must be an array of chat messages" })
      .check(z.minLength(1, { error: "messages must hold at least one message" })),
    tools: z.optional(z.nullable(z.array(toolSchema))),
    tool_choice: z.optional(z.nullable(toolChoiceSchema)),
    max_tokens: tokenLimitSchema,
    max_completion_tokens: tokenLimitSchema,
    stream: z.optional(z.nullable(z.boolean())),
    stream_options: z.optional(z.nullable(z.looseObject({ include_usage: z.optional(z.boolean()) }))),
  },
  { error: "The request body must be a JSON object." },
);

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest["messages"][number];
export type ToolDefinition = NonNullable<ChatRequest["tools"]>[number];
export type ToolParameters = z.infer<typeof parametersSchema>;

/** The first problem of a rejected request, worded for a person and pointing at the field. */
export function describeRequestProblem(error: z.core.$ZodError): { message: string; param: string | null } {
  const issue = error.issues[0];
  if (!issue) return { message: "The request body is not a valid chat completion request.", param: null };
  const param = issue.path.length > 0 ? issue.path.map(String).join(".") : null;
  const message =
    param === null || issue.message.includes(String(issue.path[0]))
      ? issue.message
      : `${param}: ${issue.message}`;
  return { message, param };
}
