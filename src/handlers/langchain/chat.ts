import { requestDeadline } from "../../common/openai/deadline.js";
import { modelCallTrace, tracedModelCall } from "../../common/openai/model-call-trace.js";
import { callUpstream } from "../../common/openai/upstream-call.js";
import { type JsonReply, jsonReply } from "../../core/reply.js";
import type { ChatRequest } from "../../core/request.js";
import { chatCompletionFrom } from "./completion.js";
import type { LangchainServices } from "./services.js";
import { prepareTurn } from "./turn.js";
import { langchainUpstreamError } from "./upstream-error.js";

/** A chat turn answered whole: a chat.completion, stored with the turn when it names a conversation. */
export async function answerChat(request: ChatRequest, services: LangchainServices): Promise<JsonReply> {
  const turn = await prepareTurn(request, services);
  const deadline = requestDeadline(request, services.settings);
  const answer = await tracedModelCall(modelCallTrace(request, services), turn.input.model, () =>
    callUpstream(
      deadline,
      ({ signal, timeout }) => turn.model.invoke(turn.prompt, { signal, timeout }),
      langchainUpstreamError,
    ),
  );
  const completion = chatCompletionFrom(answer, turn.input.model);
  await turn.save(completion);
  return jsonReply(200, { ...completion, request_meta_data: turn.metaData });
}
