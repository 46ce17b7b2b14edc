import type { ChatCompletionMessageParam } from "openai/resources";

/** A rough count without a tokenizer: about four characters a token, plus a few for each message. */
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;

function textLength(message: ChatCompletionMessageParam): number {
  let length = 0;
  const { content } = message;
  if (typeof content === "string") length += content.length;
  else if (Array.isArray(content))
    for (const part of content) length += "text" in part ? part.text.length : JSON.stringify(part).length;
  if (message.role === "assistant")
    for (const call of message.tool_calls ?? [])
      length += "function" in call ? call.function.name.length + call.function.arguments.length : 0;
  return length;
}

export function estimateTokens(message: ChatCompletionMessageParam): number {
  return TOKENS_PER_MESSAGE + Math.ceil(textLength(message) / CHARS_PER_TOKEN);
}

export interface HistoryBudget {
  maxMessages: number;
  maxTokens: number;
}

/**
 * The newest messages that fit the budget, in their order. A tool result whose call was cut off
 * would be rejected by the model, so the kept history never starts with one.
 */
export function trimHistory<M extends ChatCompletionMessageParam>(
  messages: readonly M[],
  budget: HistoryBudget,
): M[] {
  let start = Math.max(0, messages.length - budget.maxMessages);
  let tokens = 0;
  for (let index = messages.length - 1; index >= start; index--) {
    const message = messages[index];
    tokens += message ? estimateTokens(message) : 0;
    if (tokens > budget.maxTokens) {
      start = index + 1;
      break;
    }
  }
  while (messages[start]?.role === "tool") start++;
  return messages.slice(start);
}
