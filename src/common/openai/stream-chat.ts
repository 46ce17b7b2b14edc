import type OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources";
import { HttpError, UpstreamError } from "../errors.js";
import { callUpstream, upstreamErrorFrom } from "./upstream-errors.js";

/** Whatever breaks a stream once it runs is the model service's failure, never a bug of ours. */
function brokenStreamError(error: unknown): unknown {
  const mapped = upstreamErrorFrom(error);
  return mapped instanceof HttpError
    ? mapped
    : new UpstreamError("The model service's stream broke off", { cause: error });
}

async function* upstreamChunks(
  chunks: AsyncIterable<ChatCompletionChunk>,
): AsyncGenerator<ChatCompletionChunk> {
  try {
    yield* chunks;
  } catch (error) {
    throw brokenStreamError(error);
  }
}

/**
 * Opens a streamed chat completion (with usage in its last chunk). It resolves once the model service
 * has accepted the request, so refusals are thrown before anything reaches the client. Aborting
 * `signal` closes the upstream connection: no tokens are paid for after the reader has gone.
 */
export async function streamChat(
  client: OpenAI,
  params: ChatCompletionCreateParamsNonStreaming,
  signal: AbortSignal,
): Promise<AsyncIterable<ChatCompletionChunk>> {
  const streaming: ChatCompletionCreateParamsStreaming = {
    ...params,
    stream: true,
    stream_options: { include_usage: true },
  };
  const chunks = await callUpstream(() => client.chat.completions.create(streaming, { signal }));
  return upstreamChunks(chunks);
}
