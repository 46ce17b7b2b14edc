import type { ServicesFactory } from "../../adapters/lambda/services-once.js";
import { OPENAI_ERRORS } from "../../adapters/openai-compat/openai-errors.js";
import { type StreamingHandler, streamingDoor } from "../../adapters/response-stream/handler.js";
import { apiRoutes, RouteTable } from "../../core/routes.js";
import { answerOpenAI } from "./answers.js";
import type { OpenAICompatServices } from "./services.js";

/** The OpenAI-compatible door as a streaming handler, errors in OpenAI's shape. */
export function openAICompatDoor(
  services: ServicesFactory<OpenAICompatServices>,
  routes: RouteTable = new RouteTable(apiRoutes()),
): StreamingHandler {
  return streamingDoor((parts, ready) => answerOpenAI(parts, routes, ready), services, routes, OPENAI_ERRORS);
}
