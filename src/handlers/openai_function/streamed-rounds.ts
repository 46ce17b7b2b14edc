import type OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionMessageToolCall } from "openai/resources/chat/completions";
import type { RequestMetaData } from "../../common/chat/meta-data.js";
import { UpstreamError } from "../../common/errors.js";
import { CompletionAccumulator } from "../../common/openai/completion-accumulator.js";
import type { ModelCallTrace } from "../../common/openai/model-call-trace.js";
import { streamChat } from "../../common/openai/stream-chat.js";
import { type AnswerIdentity, finalEvent } from "../../common/streaming/chat-events.js";
import type { EventChannel } from "../../common/streaming/event-channel.js";
import type { StreamEvent } from "../../common/streaming/sse.js";
import type { AskModel, ToolLoopResult } from "./tool-loop.js";

type Delta = ChatCompletionChunk.Choice.Delta;

function withDelta(
  chunk: ChatCompletionChunk,
  delta: Delta,
  finishReason: ChatCompletionChunk.Choice["finish_reason"],
): ChatCompletionChunk {
  return { ...chunk, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
}

/**
 * The model calls of a streamed tool loop. Text reaches the client as it comes, whatever the round.
 * Tool-call pieces and finish reasons are held back: the handler's own tool calls are announced as
 * `tool_call` events instead, and only the last round's (calls of the client's tools, or a loop cut
 * off) reach the client as chunks, when the loop is over.
 */
export class StreamedRounds {
  readonly #client: OpenAI;
  readonly #channel: EventChannel<StreamEvent>;
  readonly #signal: AbortSignal;
  readonly #trace: ModelCallTrace;
  #held: ChatCompletionChunk[] = [];
  #round: AnswerIdentity | undefined;
  #roleSent = false;

  constructor(
    client: OpenAI,
    channel: EventChannel<StreamEvent>,
    signal: AbortSignal,
    trace: ModelCallTrace,
  ) {
    this.#client = client;
    this.#channel = channel;
    this.#signal = signal;
    this.#trace = trace;
  }

  readonly ask: AskModel = async (params, deadline) => {
    const chunks = await streamChat(this.#client, params, deadline, this.#trace);
    const answer = new CompletionAccumulator();
    this.#held = [];
    this.#round = undefined;
    for await (const chunk of chunks) {
      answer.add(chunk);
      const choice = chunk.choices[0];
      if (!choice) continue;
      this.#round ??= chunk;
      const { content, tool_calls } = choice.delta;
      if (content) this.#forward(withDelta(chunk, { content }, null));
      if (tool_calls || choice.finish_reason)
        this.#held.push(withDelta(chunk, tool_calls ? { tool_calls } : {}, choice.finish_reason));
    }
    // The SDK ends a stream quietly when it is aborted: that answer is cut short, not complete.
    this.#signal.throwIfAborted();
    return answer.completion();
  };

  /** Tells the client which of the handler's tools run now, before their results are in. */
  announce(calls: readonly ChatCompletionMessageToolCall[]): void {
    const round = this.#identity();
    for (const call of calls) {
      if (call.type !== "function") continue;
      const { name, arguments: args } = call.function;
      this.#channel.push({
        event: "tool_call",
        data: {
          ...round,
          object: "chat.completion.chunk",
          choices: [],
          tool_call: { id: call.id, name, arguments: args },
        },
      });
    }
  }

  /** Sends what the last round held back, then the final event, and ends the stream. */
  finish(result: ToolLoopResult, metaData: RequestMetaData): void {
    for (const chunk of this.#held) this.#forward(chunk);
    this.#channel.push(finalEvent(this.#identity(), result.completion.usage ?? null, metaData));
    this.#channel.close();
  }

  #identity(): AnswerIdentity {
    if (!this.#round) throw new UpstreamError("The model service streamed no answer");
    const { id, created, model } = this.#round;
    return { id, created, model };
  }

  #forward(chunk: ChatCompletionChunk): void {
    const choice = chunk.choices[0];
    const first = !this.#roleSent && choice !== undefined;
    this.#roleSent ||= first;
    this.#channel.push({
      data: first ? withDelta(chunk, { role: "assistant", ...choice.delta }, choice.finish_reason) : chunk,
    });
  }
}
