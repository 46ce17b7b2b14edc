import { completeChat } from "../../common/openai/complete-chat.js";
import { modelCallTrace } from "../../common/openai/model-call-trace.js";
import { type JsonReply, jsonReply } from "../../core/reply.js";
import type { ChatRequest } from "../../core/request.js";
import { prepareFunctionCall } from "./prepare.js";
import type { FunctionServices } from "./services.js";
import { runToolLoop } from "./tool-loop.js";

/**
 * Adaptive function calling: `/openai_function_passthrough` and the openai_function apps. Tool calls
 * are run here until the model answers.
 */
export async function answerChat(request: ChatRequest, services: FunctionServices): Promise<JsonReply> {
  const call = await prepareFunctionCall(request, services);
  const trace = modelCallTrace(request, services);
  const result = await runToolLoop({
    ...call.loop,
    ask: (params, deadline) => completeChat(services.openai, params, deadline, trace),
  });
  await call.save(result);
  return jsonReply(200, { ...result.completion, request_meta_data: call.metaData(result) });
}
