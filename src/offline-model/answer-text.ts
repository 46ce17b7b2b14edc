import { markdownSection } from "./answer-markdown.js";
import { messageText, shorten, singleLine } from "./message-text.js";
import type { ChatMessage } from "./request-schema.js";
import { toolResultSentence } from "./tool-result-sentence.js";

/**
 * The words of an offline answer. They say plainly that no real model answered, and show what was
 * received, so a person trying the app locally sees the whole request path work end to end; a Markdown
 * section after that shows the UI rendering what real answers hold.
 */

const QUOTED_USER_TEXT_MAX_CHARS = 300;
const APP_LINE_MAX_CHARS = 120;
const CALL_TO_ACTION = "set OPENAI_API_KEY to get real answers.";

/** How the user's words appear in an answer: on one line, at most QUOTED_USER_TEXT_MAX_CHARS long. */
function quoteUserText(text: string): string {
  return `"${shorten(singleLine(text), QUOTED_USER_TEXT_MAX_CHARS)}"`;
}

function appLine(messages: readonly ChatMessage[]): string {
  const systemPrompt = messages.find((message) => message.role === "system" || message.role === "developer");
  const firstLine = systemPrompt ? messageText(systemPrompt).trim().split("\n")[0]?.trim() : undefined;
  return firstLine ? shorten(firstLine, APP_LINE_MAX_CHARS) : "(no system prompt)";
}

function isConversationTurn(message: ChatMessage): boolean {
  return message.role !== "system" && message.role !== "developer";
}

export function echoAnswer(messages: readonly ChatMessage[], lastUserIndex: number): string {
  const lastUser = messages[lastUserIndex];
  const earlier = messages.slice(0, Math.max(lastUserIndex, 0)).filter(isConversationTurn).length;
  const said = lastUser ? quoteUserText(messageText(lastUser)) : "(no user message)";
  return [
    "[Offline model] This is an offline answer: no OpenAI key is configured, so no real model was asked.",
    `App: ${appLine(messages)}`,
    `You said: ${said}`,
    `(${earlier} earlier ${earlier === 1 ? "message" : "messages"} in this conversation) — ${CALL_TO_ACTION}`,
    "",
    markdownSection(lastUser ? messageText(lastUser) : ""),
  ].join("\n");
}

/** The name of the tool that produced a result, found through the assistant message that called it. */
function toolNameOf(result: ChatMessage, messages: readonly ChatMessage[]): string {
  for (const message of messages) {
    const call = message.tool_calls?.find((toolCall) => toolCall.id === result.tool_call_id);
    if (call) return call.function.name;
  }
  return result.name ?? "tool";
}

export function toolSummaryAnswer(
  messages: readonly ChatMessage[],
  toolResults: readonly ChatMessage[],
  userText: string,
): string {
  const sentences = toolResults.map((result) =>
    toolResultSentence(toolNameOf(result, messages), messageText(result)),
  );
  return [
    `[Offline model] Based on the tool results: ${sentences.join("; ")}.`,
    `You asked: ${quoteUserText(userText)} — this summary is offline; ${CALL_TO_ACTION}`,
  ].join("\n");
}
