import { modelCallTrace } from "../../common/openai/model-call-trace.js";
import { EventChannel } from "../../common/streaming/event-channel.js";
import type { StreamEvent } from "../../common/streaming/sse.js";
import type { ChatRequest } from "../../core/request.js";
import { prepareFunctionCall } from "./prepare.js";
import type { FunctionServices } from "./services.js";
import { StreamedRounds } from "./streamed-rounds.js";
import { runToolLoop } from "./tool-loop.js";

/**
 * The streamed answer of openai_function: the same tool loop, each model call streamed. The client
 * sees a `tool_call` event as each of the handler's tools is called, the answer's text as it comes,
 * then usage and request_meta_data.
 */
export async function* streamChatAnswer(
  request: ChatRequest,
  services: FunctionServices,
): AsyncGenerator<StreamEvent> {
  const call = await prepareFunctionCall(request, services);
  const channel = new EventChannel<StreamEvent>();
  const rounds = new StreamedRounds(
    services.openai,
    channel,
    request.signal,
    modelCallTrace(request, services),
  );
  runToolLoop({ ...call.loop, ask: rounds.ask, onToolCalls: (calls) => rounds.announce(calls) })
    .then(async (result) => {
      // The turn is stored before the last event, so a client that has it can read the turn back.
      await call.save(result);
      rounds.finish(result, call.metaData(result));
    })
    .catch((error: unknown) => channel.fail(error));
  yield* channel;
}
