import type OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources";
import { HttpError, UpstreamError } from "../errors.js";
import { StallGuard } from "../streaming/stall-guard.js";
import type { Deadline } from "./deadline.js";
import { type ModelCallTrace, tracedModelStream } from "./model-call-trace.js";
import { callUpstream } from "./upstream-call.js";
import { upstreamErrorFrom } from "./upstream-errors.js";

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
 * has accepted the request, so refusals are thrown before anything reaches the client. The deadline's
 * signal closes the upstream connection when the reader has gone (no tokens are paid for after that)
 * or the request's time is spent. A stream that sends nothing for the client's timeout
 * (OPENAI_TIMEOUT_MS) is cut off as a 504. Its trace lasts until the stream ends.
 */
export function streamChat(
  client: OpenAI,
  params: ChatCompletionCreateParamsNonStreaming,
  deadline: Deadline,
  trace: ModelCallTrace,
): Promise<AsyncIterable<ChatCompletionChunk>> {
  return tracedModelStream(trace, params.model, () => openStream(client, params, deadline));
}

async function openStream(
  client: OpenAI,
  params: ChatCompletionCreateParamsNonStreaming,
  deadline: Deadline,
): Promise<AsyncIterable<ChatCompletionChunk>> {
  const streaming: ChatCompletionCreateParamsStreaming = {
    ...params,
    stream: true,
    stream_options: { include_usage: true },
  };
  const guard = new StallGuard(client.timeout);
  const chunks = await callUpstream(deadline, (options) =>
    client.chat.completions.create(streaming, {
      ...options,
      // The wait for the stream to begin is bounded as a buffered answer is; the stream's own budget
      // is for the answer as it comes.
      timeout: Math.min(options.timeout, client.timeout),
      signal: guard.signal(options.signal),
    }),
  );
  return endingWithin(deadline, guard.watch(withUpstreamErrors(chunks)));
}

/** The SDK ends an aborted stream quietly: one cut off by the deadline is a 504, not a complete answer. */
async function* endingWithin<T>(deadline: Deadline, source: AsyncIterable<T>): AsyncGenerator<T> {
  yield* source;
  if (deadline.signal.aborted) throw deadline.endedError();
}
