import type { AIMessageChunk } from "@langchain/core/messages";
import type { ChatCompletionChunk } from "openai/resources";
import { UpstreamError } from "../../common/errors.js";
import type { StreamRoute } from "../../common/lambda/streaming-handler.js";
import { withUpstreamErrors } from "../../common/openai/stream-chat.js";
import { chatCompletionEvents } from "../../common/streaming/chat-events.js";
import { ChunkTranslator } from "./chunks.js";
import { chatCompletionFrom } from "./completion.js";
import { type ChatTurn, prepareTurn } from "./turn.js";
import { langchainUpstreamError } from "./upstream-error.js";

/**
 * The model's answer through LangChain's `.stream()`, as chat.completion.chunks. Once the answer is
 * complete it is stored with the turn (an answer cut short is not), and its usage follows in a
 * choice-less chunk, as OpenAI sends it.
 */
async function* langchainChunks(turn: ChatTurn, signal: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
  let pieces: AsyncIterable<AIMessageChunk>;
  try {
    pieces = await turn.chain.stream(turn.prompt, { signal });
  } catch (error) {
    throw langchainUpstreamError(error);
  }
  const translator = new ChunkTranslator(turn.input.model);
  let whole: AIMessageChunk | undefined;
  for await (const piece of withUpstreamErrors(pieces, langchainUpstreamError)) {
    whole = whole ? whole.concat(piece) : piece;
    const chunk = translator.translate(piece);
    if (chunk) yield chunk;
  }
  if (!whole) throw new UpstreamError("The model service streamed no answer");
  const completion = chatCompletionFrom(whole, turn.input.model);
  await turn.save(completion);
  if (completion.usage)
    yield { ...completion, object: "chat.completion.chunk", choices: [], usage: completion.usage };
}

/** The streamed answer of the langchain handler: chunks as they come, then usage and request_meta_data. */
export const streamLangchain: StreamRoute = async function* ({ event, settings, signal }) {
  const turn = await prepareTurn(event, settings);
  yield* chatCompletionEvents(langchainChunks(turn, signal), turn.metaData);
};
