import { chatInputFrom } from "../../common/chat/chat-input.js";
import { requestMetaData } from "../../common/chat/meta-data.js";
import type { StreamRoute } from "../../common/lambda/streaming-handler.js";
import { getOpenAIClient } from "../../common/openai/client.js";
import { completionParams } from "../../common/openai/complete-chat.js";
import { streamChat } from "../../common/openai/stream-chat.js";
import { chatCompletionEvents } from "../../common/streaming/chat-events.js";

/** The streamed answer of openai_v2: the SDK's chunks as they come, then usage and request_meta_data. */
export const streamOpenAIV2: StreamRoute = async function* ({ event, settings, signal }) {
  const input = chatInputFrom(event, settings);
  const chunks = await streamChat(getOpenAIClient(settings), completionParams(input), signal);
  yield* chatCompletionEvents(chunks, requestMetaData("lambda_openai_v2", input));
};
