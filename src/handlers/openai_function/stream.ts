import type { StreamRoute } from "../../common/lambda/streaming-handler.js";
import { getOpenAIClient } from "../../common/openai/client.js";
import { EventChannel } from "../../common/streaming/event-channel.js";
import type { StreamEvent } from "../../common/streaming/sse.js";
import { prepareFunctionCall } from "./prepare.js";
import { StreamedRounds } from "./streamed-rounds.js";
import { runToolLoop } from "./tool-loop.js";

/**
 * The streamed answer of openai_function: the same tool loop, each model call streamed. The client
 * sees a `tool_call` event as each of the handler's tools is called, the answer's text as it comes,
 * then usage and request_meta_data.
 */
export const streamOpenAIFunction: StreamRoute = async function* ({ event, settings, requestId, signal }) {
  const call = await prepareFunctionCall(event, settings, requestId);
  const channel = new EventChannel<StreamEvent>();
  const rounds = new StreamedRounds(getOpenAIClient(settings), channel, signal);
  runToolLoop({ ...call.loop, ask: rounds.ask, onToolCalls: (calls) => rounds.announce(calls) })
    .then((result) => rounds.finish(result, call.metaData(result)))
    .catch((error: unknown) => channel.fail(error));
  yield* channel;
};
