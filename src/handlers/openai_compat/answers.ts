import { openAIReply } from "../../adapters/openai-compat/openai-reply.js";
import { readOpenAIChat } from "../../adapters/openai-compat/read-openai-request.js";
import { getCatalog } from "../../common/catalog/index.js";
import { NotFoundError } from "../../common/errors.js";
import { answer } from "../../core/answers.js";
import type { RequestParts } from "../../core/read-request.js";
import { jsonReply, type Reply } from "../../core/reply.js";
import type { ChatRequest } from "../../core/request.js";
import { OPENAI_MODELS_RESOURCE, type RouteTable } from "../../core/routes.js";
import { langchainAnswers } from "../langchain/answers.js";
import { functionAnswers } from "../openai_function/answers.js";
import { openAIV2Answers } from "../openai_v2/answers.js";
import { listModels } from "./models.js";
import type { OpenAICompatServices } from "./services.js";

/** The core of the handler the request's model runs on: the same answers its own function gives. */
function answerChat(request: ChatRequest, services: OpenAICompatServices): Promise<Reply> {
  switch (request.route.handler) {
    case "openai_v2":
      return answer(openAIV2Answers, request, services);
    case "langchain":
      return answer(langchainAnswers, request, services);
    case "openai_function":
      return answer(functionAnswers, request, services);
  }
}

/**
 * The OpenAI-compatible door's answer: `/v1/models` from the catalog and the settings; a chat
 * completion converted once into the request model of the handler its model names, answered by
 * that handler's core, and written back in OpenAI's format.
 */
export async function answerOpenAI(
  parts: RequestParts,
  routes: RouteTable,
  services: OpenAICompatServices,
): Promise<Reply> {
  const { route } = parts;
  if (route.kind !== "openai")
    throw new NotFoundError(`The openai_compat function does not answer ${route.resource}.`);
  if (route.resource === OPENAI_MODELS_RESOURCE)
    return jsonReply(200, listModels(getCatalog().apps, services.settings));
  const { request, includeUsage } = readOpenAIChat(parts, routes, services.settings, services.requests);
  return openAIReply(await answerChat(request, services), includeUsage);
}
