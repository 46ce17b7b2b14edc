import type OpenAI from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources";
import type { ChatInput } from "../chat/chat-input.js";
import { UpstreamError } from "../errors.js";
import type { Deadline } from "./deadline.js";
import { type ModelCallTrace, tracedModelCall } from "./model-call-trace.js";
import { callUpstream } from "./upstream-call.js";

/** The SDK request for a chat input; `overrides` lets a handler change the model's parameters per call. */
export function completionParams(
  input: ChatInput,
  overrides: Partial<ChatCompletionCreateParamsNonStreaming> & { max_tokens?: number } = {},
): ChatCompletionCreateParamsNonStreaming & { max_tokens: number } {
  return {
    model: input.model,
    temperature: input.temperature,
    max_tokens: input.max_tokens,
    messages: input.messages,
    ...(input.tools ? { tools: input.tools } : {}),
    ...(input.tool_choice ? { tool_choice: input.tool_choice } : {}),
    ...input.params,
    ...overrides,
  };
}

/** A completion we can hand on: an object with at least one choice carrying a message. */
export function assertUsableCompletion(completion: unknown): asserts completion is ChatCompletion {
  const candidate = completion as Partial<ChatCompletion> | null;
  if (candidate === null || typeof candidate !== "object")
    throw new UpstreamError("The model service sent a body that is not a chat completion");
  if (!Array.isArray(candidate.choices) || candidate.choices.length === 0)
    throw new UpstreamError("The model service answered with no choices");
  if (!candidate.choices[0]?.message)
    throw new UpstreamError("The model service answered with a choice that has no message");
}

/**
 * A chat completion answered whole, within the request's deadline (retries and tool rounds included),
 * traced as one model call.
 */
export async function completeChat(
  client: OpenAI,
  params: ChatCompletionCreateParamsNonStreaming,
  deadline: Deadline,
  trace: ModelCallTrace,
): Promise<ChatCompletion> {
  const completion: unknown = await tracedModelCall(trace, params.model, () =>
    callUpstream(deadline, (options) => client.chat.completions.create(params, options)),
  );
  assertUsableCompletion(completion);
  return completion;
}
