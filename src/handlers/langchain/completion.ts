import { randomUUID } from "node:crypto";
import type { AIMessage, UsageMetadata } from "@langchain/core/messages";
import type { ChatCompletion, ChatCompletionMessageFunctionToolCall } from "openai/resources";
import type { CompletionUsage } from "openai/resources/completions";

interface OpenAIResponseMetadata {
  model_name?: string;
  finish_reason?: ChatCompletion.Choice["finish_reason"];
  system_fingerprint?: string;
}

/** The tool calls as the model sent them (arguments as its JSON text), else rebuilt from LangChain's. */
function toolCallsOf(answer: AIMessage): ChatCompletionMessageFunctionToolCall[] {
  const raw = answer.additional_kwargs.tool_calls;
  if (raw && raw.length > 0)
    return raw.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.function.name, arguments: call.function.arguments },
    }));
  return (answer.tool_calls ?? []).map((call) => ({
    id: call.id ?? `call_${randomUUID()}`,
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.args) },
  }));
}

/** The token counts the model reported; absent when it reported none. */
function usageOf(answer: AIMessage): CompletionUsage | undefined {
  const usage: Partial<UsageMetadata> = answer.usage_metadata ?? {};
  const { input_tokens: input, output_tokens: output, total_tokens: total } = usage;
  if (input === undefined && output === undefined && total === undefined) return undefined;
  // LangChain leaves a count out when the model reported 0.
  const prompt = input ?? 0;
  const completion = output ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total ?? prompt + completion };
}

/** The model's answer as the chat.completion every chat handler returns. */
export function chatCompletionFrom(answer: AIMessage, requestedModel: string): ChatCompletion {
  const metadata = answer.response_metadata as OpenAIResponseMetadata;
  const toolCalls = toolCallsOf(answer);
  const text = answer.text;
  const usage = usageOf(answer);
  return {
    id: answer.id ?? `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: metadata.model_name ?? requestedModel,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: toolCalls.length > 0 && text === "" ? null : text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: metadata.finish_reason ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
        logprobs: null,
      },
    ],
    ...(usage ? { usage } : {}),
    ...(metadata.system_fingerprint ? { system_fingerprint: metadata.system_fingerprint } : {}),
  };
}
