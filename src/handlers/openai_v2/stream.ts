import { chatInputOf } from "../../common/chat/chat-input.js";
import { requestMetaData } from "../../common/chat/meta-data.js";
import { completionParams } from "../../common/openai/complete-chat.js";
import { requestDeadline } from "../../common/openai/deadline.js";
import { streamChat } from "../../common/openai/stream-chat.js";
import { chatCompletionEvents } from "../../common/streaming/chat-events.js";
import type { StreamEvent } from "../../common/streaming/sse.js";
import type { ChatRequest } from "../../core/request.js";
import type { OpenAIV2Services } from "./services.js";

/** The streamed answer of openai_v2: the SDK's chunks as they come, then usage and request_meta_data. */
export async function* streamChatAnswer(
  request: ChatRequest,
  services: OpenAIV2Services,
): AsyncGenerator<StreamEvent> {
  const input = chatInputOf(request.body, services.settings);
  const deadline = requestDeadline(request, services.settings);
  const chunks = await streamChat(services.openai, completionParams(input), deadline);
  yield* chatCompletionEvents(chunks, requestMetaData("lambda_openai_v2", input));
}
