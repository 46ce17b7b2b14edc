import type { ChatCompletion, ChatCompletionChunk } from "openai/resources";
import { CompletionAccumulator } from "../openai/completion-accumulator.js";

/**
 * Relays a streamed answer's chunks and, once the stream is complete, hands the whole answer to
 * `save` before it ends: the client's last event comes only after its turn is stored. A stream
 * aborted by the client ends quietly in the SDK; that answer is cut short and not stored.
 */
export async function* savedWhenComplete(
  chunks: AsyncIterable<ChatCompletionChunk>,
  signal: AbortSignal,
  save: (answer: ChatCompletion) => Promise<void>,
): AsyncGenerator<ChatCompletionChunk> {
  const answer = new CompletionAccumulator();
  for await (const chunk of chunks) {
    answer.add(chunk);
    yield chunk;
  }
  signal.throwIfAborted();
  await save(answer.completion());
}
