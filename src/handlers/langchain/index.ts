import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { streamingHandler } from "../../adapters/response-stream/handler.js";
import { langchainAnswers } from "./answers.js";
import { type LangchainServices, langchainServices } from "./services.js";

/**
 * The Lambda entry, in response-streaming mode behind API Gateway's STREAM integration: every request
 * is answered whole as JSON, or as server-sent events when it asks for them.
 */
export function langchainHandler(services: ServicesFactory<LangchainServices>) {
  return awslambda.streamifyResponse(streamingHandler(langchainAnswers, services));
}

export const handler = langchainHandler(servicesOnce(langchainServices));
