import type { AIMessageChunk } from "@langchain/core/messages";
import type { ChatCompletionChunk } from "openai/resources";
import { UpstreamError } from "../../common/errors.js";
import { type Deadline, requestDeadline } from "../../common/openai/deadline.js";
import {
  type ModelCallTrace,
  modelCallTrace,
  tracedModelStream,
} from "../../common/openai/model-call-trace.js";
import { withUpstreamErrors } from "../../common/openai/stream-chat.js";
import { callUpstream } from "../../common/openai/upstream-call.js";
import { chatCompletionEvents } from "../../common/streaming/chat-events.js";
import type { StreamEvent } from "../../common/streaming/sse.js";
import { StallGuard } from "../../common/streaming/stall-guard.js";
import type { ChatRequest } from "../../core/request.js";
import { ChunkTranslator } from "./chunks.js";
import { chatCompletionFrom } from "./completion.js";
import type { LangchainServices } from "./services.js";
import { type ChatTurn, prepareTurn } from "./turn.js";
import { langchainUpstreamError } from "./upstream-error.js";

/**
 * The model's answer through LangChain's `.stream()`, as chat.completion.chunks. Once the answer is
 * complete it is stored with the turn (an answer cut short is not), and its usage follows in a
 * choice-less chunk, as OpenAI sends it, naming the model that answered (LangChain's pieces do not).
 * The model call's trace lasts until its stream ends.
 */
async function* langchainChunks(
  turn: ChatTurn,
  deadline: Deadline,
  guard: StallGuard,
  trace: ModelCallTrace,
): AsyncGenerator<ChatCompletionChunk> {
  const pieces = await tracedModelStream(trace, turn.input.model, async () => {
    const opened: AsyncIterable<AIMessageChunk> = await callUpstream(
      deadline,
      ({ signal }) => turn.model.stream(turn.prompt, { signal: guard.signal(signal) }),
      langchainUpstreamError,
    );
    return guard.watch(withUpstreamErrors(opened, langchainUpstreamError));
  });
  const translator = new ChunkTranslator(turn.input.model);
  let whole: AIMessageChunk | undefined;
  for await (const piece of pieces) {
    whole = whole ? whole.concat(piece) : piece;
    const chunk = translator.translate(piece);
    if (chunk) yield chunk;
  }
  // LangChain ends an aborted stream quietly: one cut off by the deadline is not a complete answer.
  if (deadline.signal.aborted) throw deadline.endedError();
  if (!whole) throw new UpstreamError("The model service streamed no answer");
  const completion = chatCompletionFrom(whole, turn.input.model);
  await turn.save(completion);
  yield { ...completion, object: "chat.completion.chunk", choices: [], usage: completion.usage ?? null };
}

/** The streamed answer of the langchain handler: chunks as they come, then usage and request_meta_data. */
export async function* streamChatAnswer(
  request: ChatRequest,
  services: LangchainServices,
): AsyncGenerator<StreamEvent> {
  const turn = await prepareTurn(request, services);
  const guard = new StallGuard(services.settings.OPENAI_TIMEOUT_MS);
  const deadline = requestDeadline(request, services.settings);
  yield* chatCompletionEvents(
    langchainChunks(turn, deadline, guard, modelCallTrace(request, services)),
    turn.metaData,
  );
}
