import { httpHandler } from "../../common/lambda/http-handler.js";
import type { ChatHandler } from "../../common/lambda/streaming-handler.js";
import { getOpenAIClient } from "../../common/openai/client.js";
import { completeChat } from "../../common/openai/complete-chat.js";
import { jsonResponse } from "../../common/responses.js";
import { prepareFunctionCall } from "./prepare.js";
import { streamOpenAIFunction } from "./stream.js";
import { runToolLoop } from "./tool-loop.js";

/**
 * Adaptive function calling: `/openai_function_passthrough` and the openai_function apps. Tool calls
 * are run here until the model answers.
 */
export const handler = httpHandler("openai_function", async ({ event, settings, requestId }) => {
  const call = await prepareFunctionCall(event, settings, requestId);
  const client = getOpenAIClient(settings);
  const result = await runToolLoop({
    ...call.loop,
    ask: (params, limits) => completeChat(client, params, limits),
  });
  return jsonResponse(200, { ...result.completion, request_meta_data: call.metaData(result) });
});

/** Both ways openai_function answers, for its function URL and the local server. */
export const chat: ChatHandler = { buffered: handler, stream: streamOpenAIFunction };
