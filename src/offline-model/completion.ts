import { createHash } from "node:crypto";
import type {
  ChatCompletion,
  ChatCompletionMessageFunctionToolCall,
} from "openai/resources/chat/completions";
import { echoAnswer, toolSummaryAnswer } from "./answer-text.js";
import { messageText } from "./message-text.js";
import type { ChatRequest } from "./request-schema.js";
import { type ChosenToolCall, chooseToolCall } from "./tool-selection.js";

export const OFFLINE_MODEL_ID = "offline-echo-1";

/** A rough token count (4 characters a token), enough for usage figures and max_tokens. */
function estimateTokens(text: string): number {
  return Math.ceil(Array.from(text).length / 4);
}

/** Any model id starting with "offline" is echoed back; any other name must not look like a real model answered. */
function answeringModel(requested: string | undefined): string {
  return requested?.startsWith("offline") ? requested : OFFLINE_MODEL_ID;
}

function requestHash(request: ChatRequest): string {
  const { model, messages, tools, tool_choice, max_tokens, max_completion_tokens } = request;
  const canonical = JSON.stringify({
    model,
    messages,
    tools,
    tool_choice,
    max_tokens,
    max_completion_tokens,
  });
  return createHash("sha256").update(canonical).digest("hex");
}

function truncate(text: string, maxTokens: number | null | undefined): { text: string; truncated: boolean } {
  if (maxTokens == null || estimateTokens(text) <= maxTokens) return { text, truncated: false };
  return {
    text: Array.from(text)
      .slice(0, maxTokens * 4)
      .join(""),
    truncated: true,
  };
}

function toToolCall(call: ChosenToolCall, hash: string): ChatCompletionMessageFunctionToolCall {
  const id = createHash("sha256").update(`${hash}:${call.name}`).digest("hex").slice(0, 24);
  return {
    id: `call_offline_${id}`,
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  };
}

type Answer = { kind: "text"; text: string } | { kind: "tool"; call: ChosenToolCall };

/**
 * What to answer: a summary once tool results are present for the current user turn (so a tool
 * loop always ends), a tool call when the turn's words fit a tool, and an echo otherwise.
 */
function decideAnswer(request: ChatRequest): Answer {
  const { messages } = request;
  const lastUserIndex = messages.findLastIndex((message) => message.role === "user");
  const lastUser = messages[lastUserIndex];
  const userText = lastUser ? messageText(lastUser) : "";
  const toolResults = messages
    .slice(lastUserIndex + 1)
    .filter((message) => message.role === "tool" || message.role === "function");
  if (toolResults.length > 0)
    return { kind: "text", text: toolSummaryAnswer(messages, toolResults, userText) };

  const call = lastUserIndex === messages.length - 1 ? chooseToolCall(request, userText) : undefined;
  return call ? { kind: "tool", call } : { kind: "text", text: echoAnswer(messages, lastUserIndex) };
}

function promptTokens(request: ChatRequest): number {
  const messagesText = request.messages.map(messageText).join("\n");
  const toolsTokens = request.tools ? estimateTokens(JSON.stringify(request.tools)) : 0;
  return estimateTokens(messagesText) + toolsTokens;
}

export function buildCompletion(request: ChatRequest): ChatCompletion {
  const hash = requestHash(request);
  const answer = decideAnswer(request);
  let message: ChatCompletion.Choice["message"];
  let finishReason: ChatCompletion.Choice["finish_reason"];
  let completionTokens: number;

  if (answer.kind === "tool") {
    const toolCall = toToolCall(answer.call, hash);
    message = { role: "assistant", content: null, refusal: null, tool_calls: [toolCall] };
    finishReason = "tool_calls";
    completionTokens = estimateTokens(toolCall.function.arguments);
  } else {
    const { text, truncated } = truncate(answer.text, request.max_completion_tokens ?? request.max_tokens);
    message = { role: "assistant", content: text, refusal: null };
    finishReason = truncated ? "length" : "stop";
    completionTokens = estimateTokens(text);
  }

  const prompt = promptTokens(request);
  return {
    id: `chatcmpl-offline-${hash.slice(0, 24)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: answeringModel(request.model),
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completionTokens,
      total_tokens: prompt + completionTokens,
    },
  };
}
