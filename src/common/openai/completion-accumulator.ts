import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageFunctionToolCall,
} from "openai/resources";
import type { CompletionUsage } from "openai/resources/completions";
import { UpstreamError } from "../errors.js";

interface PartialToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Adds up the chunks of one streamed answer (first choice) into the chat.completion a buffered call
 * would have returned: text and tool-call arguments concatenated, tool calls by their index.
 */
export class CompletionAccumulator {
  #first: ChatCompletionChunk | undefined;
  #content: string | null = null;
  readonly #toolCalls = new Map<number, PartialToolCall>();
  #finishReason: ChatCompletion.Choice["finish_reason"] = "stop";
  #usage: CompletionUsage | undefined;

  add(chunk: ChatCompletionChunk): void {
    if (chunk.usage) this.#usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return;
    this.#first ??= chunk;
    const { content, tool_calls } = choice.delta;
    if (content) this.#content = (this.#content ?? "") + content;
    for (const call of tool_calls ?? []) {
      const known = this.#toolCalls.get(call.index) ?? { id: "", name: "", arguments: "" };
      this.#toolCalls.set(call.index, {
        id: call.id ?? known.id,
        name: known.name + (call.function?.name ?? ""),
        arguments: known.arguments + (call.function?.arguments ?? ""),
      });
    }
    if (choice.finish_reason) this.#finishReason = choice.finish_reason;
  }

  completion(): ChatCompletion {
    const first = this.#first;
    if (!first) throw new UpstreamError("The model service streamed no answer");
    const toolCalls = [...this.#toolCalls.entries()]
      .sort(([a], [b]) => a - b)
      .map(
        ([, call]): ChatCompletionMessageFunctionToolCall => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: call.arguments },
        }),
      );
    return {
      id: first.id,
      object: "chat.completion",
      created: first.created,
      model: first.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: this.#content,
            refusal: null,
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: this.#finishReason,
          logprobs: null,
        },
      ],
      ...(this.#usage ? { usage: this.#usage } : {}),
    };
  }
}
