import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";

/**
 * The function-calling handler a user would write by hand with the official SDK: one tool with the
 * facts inline, the model called once with it and, when it asks for the tool, once more with the
 * tool's answer. What openai_function is measured against besides the plain naive handler, since
 * it makes the same two model calls.
 */

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: process.env.OPENAI_BASE_URL });

const FACTS: Record<string, string> = {
  plans: "Free, Plus ($4 a month) and Team ($8 per member a month).",
  support: "E-mail support answers within one business day.",
};

const tools: ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_nimbus_notes_info",
      description: "Product and support facts for NimbusNotes, a note-taking app.",
      parameters: {
        type: "object",
        properties: { inquiry_type: { type: "string", enum: Object.keys(FACTS) } },
        required: ["inquiry_type"],
      },
    },
  },
];

interface Body {
  model: string;
  messages: ChatCompletionMessageParam[];
  max_tokens?: number;
}

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? "{}") as Body;
  const messages = [...body.messages];
  const first = await client.chat.completions.create({ model: body.model, messages, tools, max_tokens: 512 });
  const asked = first.choices[0]?.message;
  let completion = first;
  if (asked?.tool_calls?.length) {
    messages.push(asked);
    for (const call of asked.tool_calls) {
      const args =
        call.type === "function" ? (JSON.parse(call.function.arguments) as { inquiry_type?: string }) : {};
      messages.push({
        role: "tool",
        tool_call_id: call.id,
        content: FACTS[args.inquiry_type ?? ""] ?? "unknown",
      });
    }
    completion = await client.chat.completions.create({ model: body.model, messages, max_tokens: 512 });
  }
  return {
    statusCode: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(completion),
  };
};
