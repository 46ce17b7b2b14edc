import type { ChatCompletionChunk } from "openai/resources";
import type { CompletionUsage } from "openai/resources/completions";
import type { RequestMetaData } from "../chat/meta-data.js";
import { UpstreamError } from "../errors.js";
import type { StreamEvent } from "./sse.js";

/**
 * The last event of a streamed answer: shaped like OpenAI's usage chunk (no choices), so OpenAI
 * clients read it too, with the `request_meta_data` a buffered answer carries.
 */
export interface FinalChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: [];
  usage: CompletionUsage | null;
  request_meta_data: RequestMetaData;
}

/** The stream's identity, as every chunk of one answer repeats it. */
export type AnswerIdentity = Pick<ChatCompletionChunk, "id" | "created" | "model">;

export function finalEvent(
  answer: AnswerIdentity,
  usage: CompletionUsage | null,
  metaData: RequestMetaData,
): StreamEvent {
  const final: FinalChunk = {
    id: answer.id,
    object: "chat.completion.chunk",
    created: answer.created,
    model: answer.model,
    choices: [],
    usage,
    request_meta_data: metaData,
  };
  return { data: final };
}

/**
 * Relays the model's chunks as they come, then the final event, with the id of the first chunk and
 * the model the last one names. A stream that ends without a single choice is no answer, as an empty
 * `choices` is in a buffered one.
 */
export async function* chatCompletionEvents(
  chunks: AsyncIterable<ChatCompletionChunk>,
  metaData: RequestMetaData,
): AsyncGenerator<StreamEvent> {
  let first: ChatCompletionChunk | undefined;
  let model = "";
  let usage: CompletionUsage | null = null;
  for await (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    model = chunk.model;
    if (chunk.choices.length === 0) continue;
    first ??= chunk;
    yield { data: chunk };
  }
  if (!first) throw new UpstreamError("The model service streamed no answer");
  yield finalEvent({ ...first, model }, usage, metaData);
}
