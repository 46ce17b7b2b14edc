import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { streamingHandler } from "../../adapters/response-stream/handler.js";
import { openAIV2Answers } from "./answers.js";
import { type OpenAIV2Services, openAIV2Services } from "./services.js";

/**
 * The Lambda entry, in response-streaming mode behind API Gateway's STREAM integration: every request
 * is answered whole as JSON, or as server-sent events when it asks for them.
 */
export function openAIV2Handler(services: ServicesFactory<OpenAIV2Services>) {
  return awslambda.streamifyResponse(streamingHandler(openAIV2Answers, services));
}

export const handler = openAIV2Handler(servicesOnce(openAIV2Services));
