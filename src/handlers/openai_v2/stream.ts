import { chatInputOf } from "../../common/chat/chat-input.js";
import { requestMetaData } from "../../common/chat/meta-data.js";
import { rememberedChat, storedAnswer } from "../../common/conversation/remembered-chat.js";
import { savedWhenComplete } from "../../common/conversation/saved-stream.js";
import { completionParams } from "../../common/openai/complete-chat.js";
import { requestDeadline } from "../../common/openai/deadline.js";
import { modelCallTrace } from "../../common/openai/model-call-trace.js";
import { streamChat } from "../../common/openai/stream-chat.js";
import { chatCompletionEvents } from "../../common/streaming/chat-events.js";
import type { StreamEvent } from "../../common/streaming/sse.js";
import type { ChatRequest } from "../../core/request.js";
import { allowanceOf, withinAllowance } from "../../core/token-allowance.js";
import type { OpenAIV2Services } from "./services.js";

/**
 * The streamed answer of openai_v2: the SDK's chunks as they come, then usage and request_meta_data.
 * A turn of a conversation is stored once the answer is complete, before the last event.
 */
export async function* streamChatAnswer(
  request: ChatRequest,
  services: OpenAIV2Services,
): AsyncGenerator<StreamEvent> {
  const input = chatInputOf(request.body, services.settings);
  const deadline = requestDeadline(request, services.settings);
  const chat = await rememberedChat(input, request, services);
  const params = await withinAllowance(
    allowanceOf(request),
    completionParams({ ...input, messages: chat.messages }),
  );
  const chunks = await streamChat(services.openai, params, deadline, modelCallTrace(request, services));
  const stored = input.conversation_id
    ? savedWhenComplete(chunks, request.signal, (answer) => chat.save(storedAnswer(answer)))
    : chunks;
  yield* chatCompletionEvents(stored, {
    ...requestMetaData("lambda_openai_v2", { ...input, max_tokens: params.max_tokens }),
    ...chat.metaData,
  });
}
