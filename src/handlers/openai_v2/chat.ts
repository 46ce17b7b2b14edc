import { chatInputOf } from "../../common/chat/chat-input.js";
import { requestMetaData } from "../../common/chat/meta-data.js";
import { rememberedChat, storedAnswer } from "../../common/conversation/remembered-chat.js";
import { completeChat, completionParams } from "../../common/openai/complete-chat.js";
import { requestDeadline } from "../../common/openai/deadline.js";
import { modelCallTrace } from "../../common/openai/model-call-trace.js";
import { type JsonReply, jsonReply } from "../../core/reply.js";
import type { ChatRequest } from "../../core/request.js";
import { allowanceOf, withinAllowance } from "../../core/token-allowance.js";
import type { OpenAIV2Services } from "./services.js";

/**
 * Chat completions straight through the official openai SDK: `/passthrough` and the openai_v2 apps.
 * A request naming a conversation gets its stored turns, and its own turn is stored with the answer.
 */
export async function answerChat(request: ChatRequest, services: OpenAIV2Services): Promise<JsonReply> {
  const input = chatInputOf(request.body, services.settings);
  const deadline = requestDeadline(request, services.settings);
  const chat = await rememberedChat(input, request, services);
  const params = await withinAllowance(
    allowanceOf(request),
    completionParams({ ...input, messages: chat.messages }),
  );
  const completion = await completeChat(services.openai, params, deadline, modelCallTrace(request, services));
  await chat.save(storedAnswer(completion));
  return jsonReply(200, {
    ...completion,
    request_meta_data: {
      ...requestMetaData("lambda_openai_v2", { ...input, max_tokens: params.max_tokens }),
      ...chat.metaData,
    },
  });
}
