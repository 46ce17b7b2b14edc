import { randomUUID } from "node:crypto";
import type { AIMessageChunk } from "@langchain/core/messages";
import type { ChatCompletion, ChatCompletionChunk } from "openai/resources";

type Delta = ChatCompletionChunk.Choice.Delta;
type ToolCallDelta = NonNullable<Delta["tool_calls"]>[number];

function toolCallDeltas(message: AIMessageChunk): ToolCallDelta[] {
  return (message.tool_call_chunks ?? []).map((call, position) => ({
    index: call.index ?? position,
    ...(call.id ? { id: call.id, type: "function" as const } : {}),
    function: { ...(call.name ? { name: call.name } : {}), arguments: call.args ?? "" },
  }));
}

/** Turns the AIMessageChunks of one LangChain stream into OpenAI chat.completion.chunks. */
export class ChunkTranslator {
  readonly #fallbackId = `chatcmpl-${randomUUID()}`;
  readonly #created = Math.floor(Date.now() / 1000);
  readonly #model: string;
  #started = false;

  constructor(model: string) {
    this.#model = model;
  }

  /** The chunk a client sees; undefined for a piece with nothing to show (the usage-only end). */
  translate(message: AIMessageChunk): ChatCompletionChunk | undefined {
    const text = typeof message.content === "string" ? message.content : message.text;
    const toolCalls = toolCallDeltas(message);
    const finishReason = (message.response_metadata.finish_reason ?? null) as
      | ChatCompletion.Choice["finish_reason"]
      | null;
    const first = !this.#started;
    if (!first && text === "" && toolCalls.length === 0 && finishReason === null) return undefined;
    this.#started = true;
    const delta: Delta = {
      ...(first ? { role: "assistant" as const } : {}),
      ...(text !== "" || first ? { content: text } : {}),
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    };
    return {
      id: message.id ?? this.#fallbackId,
      object: "chat.completion.chunk",
      created: this.#created,
      model: this.#model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    };
  }
}
