import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { streamingHandler } from "../../adapters/response-stream/handler.js";
import { langchainAnswers } from "./answers.js";
import { type LangchainServices, langchainServices } from "./services.js";

/** The Lambda entry in response-streaming mode (a function URL, or an API Gateway STREAM integration). */
export function langchainStreamingHandler(services: ServicesFactory<LangchainServices>) {
  return awslambda.streamifyResponse(streamingHandler(langchainAnswers, services));
}

export const handler = langchainStreamingHandler(servicesOnce(langchainServices));
