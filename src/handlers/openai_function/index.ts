import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { streamingHandler } from "../../adapters/response-stream/handler.js";
import { functionAnswers } from "./answers.js";
import { type FunctionServices, functionServices } from "./services.js";

/**
 * The Lambda entry, in response-streaming mode behind API Gateway's STREAM integration: every request
 * is answered whole as JSON, or as server-sent events when it asks for them.
 */
export function functionHandler(services: ServicesFactory<FunctionServices>) {
  return awslambda.streamifyResponse(streamingHandler(functionAnswers, services));
}

export const handler = functionHandler(servicesOnce(functionServices));
