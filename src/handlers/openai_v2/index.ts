import { chatInputFrom } from "../../common/chat/chat-input.js";
import { requestMetaData } from "../../common/chat/meta-data.js";
import { httpHandler } from "../../common/lambda/http-handler.js";
import { getOpenAIClient } from "../../common/openai/client.js";
import { completeChat, completionParams } from "../../common/openai/complete-chat.js";
import { jsonResponse } from "../../common/responses.js";

/** Chat completions straight through the official openai SDK: `/passthrough` and the openai_v2 apps. */
export const handler = httpHandler("openai_v2", async ({ event, settings }) => {
  const input = chatInputFrom(event, settings);
  const completion = await completeChat(getOpenAIClient(settings), completionParams(input));
  return jsonResponse(200, { ...completion, request_meta_data: requestMetaData("lambda_openai_v2", input) });
});
