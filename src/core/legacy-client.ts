import type { AppRequestBody } from "../common/request/schemas.js";
import type { JsonReply } from "./reply.js";
import type { ChatRequest } from "./request.js";

/** One entry of the LangChain memory dump the earlier langchain handler returned. */
interface MemoryMessage {
  type: "human" | "ai";
  content: string;
}

function answerText(body: Record<string, unknown>): string {
  const choices = body.choices as { message?: { content?: unknown } }[] | undefined;
  const content = choices?.[0]?.message?.content;
  return typeof content === "string" ? content : "";
}

/** The history (system bubbles are display text, left out), the new turn, then the answer. */
function chatMemory(fields: AppRequestBody, answer: string): MemoryMessage[] {
  const history: MemoryMessage[] = fields.chat_history.flatMap(({ sender, message }) =>
    sender === "system" ? [] : [{ type: sender === "user" ? "human" : "ai", content: message }],
  );
  return [...history, { type: "human", content: fields.input_text }, { type: "ai", content: answer }];
}

/**
 * The earlier React client reads `(await response.json()).body` (its API Gateway's non-proxy
 * integration made the Lambda's whole result the HTTP body) and, for langchain apps,
 * `body.chat_memory.messages`. These fields go next to our unchanged JSON, so our own clients are
 * unaffected; errors keep their status and gain `body.message`.
 */
export function withLegacyClientFields(request: ChatRequest, reply: JsonReply): JsonReply {
  if (request.body.kind !== "app" || typeof reply.body !== "object" || reply.body === null) return reply;
  if (reply.status >= 400) return withLegacyErrorMessage(reply);
  const ours = reply.body as Record<string, unknown>;
  const body: Record<string, unknown> = { ...ours };
  if (request.route.handler === "langchain")
    body.chat_memory = { messages: chatMemory(request.body.fields, answerText(ours)) };
  return { ...reply, body: { ...ours, body } };
}

/** An error answer of an app route, as the earlier client reads it: `body.message`, the status kept. */
export function withLegacyErrorMessage(reply: JsonReply): JsonReply {
  const ours = reply.body as Record<string, unknown>;
  const error = ours.error as { message?: unknown } | undefined;
  return { ...reply, body: { ...ours, body: { message: error?.message } } };
}
