import type OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources";
import { HttpError, UpstreamError } from "../errors.js";
import { StallGuard } from "../streaming/stall-guard.js";
import type { CallLimits } from "./complete-chat.js";
import { callUpstream, upstreamErrorFrom } from "./upstream-errors.js";

/**
 * Relays a model service's stream, translating what reading it throws with `mapError`. Whatever else
 * breaks the stream once it runs (a connection cut mid-answer) is the model service's failure, never
 * a bug of ours. Closing the relay closes the source.
 */
export async function* withUpstreamErrors<T>(
  source: AsyncIterable<T>,
  mapError: (error: unknown) => unknown = upstreamErrorFrom,
): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    const mapped = mapError(error);
    throw mapped instanceof HttpError
      ? mapped
      : new UpstreamError("The model service's stream broke off", { cause: error });
  }
}

/**
 * Opens a streamed chat completion (with usage in its last chunk). It resolves once the model service
 * has accepted the request, so refusals are thrown before anything reaches the client. Aborting
 * `signal` closes the upstream connection: no tokens are paid for after the reader has gone. A stream
 * that then sends nothing for the call's timeout is cut off as a 504.
 */
export async function streamChat(
  client: OpenAI,
  params: ChatCompletionCreateParamsNonStreaming,
  signal: AbortSignal,
  limits: CallLimits = {},
): Promise<AsyncIterable<ChatCompletionChunk>> {
  const streaming: ChatCompletionCreateParamsStreaming = {
    ...params,
    stream: true,
    stream_options: { include_usage: true },
  };
  const guard = new StallGuard(limits.timeout ?? client.timeout);
  const chunks = await callUpstream(() =>
    client.chat.completions.create(streaming, { ...limits, signal: guard.signal(signal) }),
  );
  return guard.watch(withUpstreamErrors(chunks));
}
