import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { streamingHandler } from "../../adapters/response-stream/handler.js";
import { functionAnswers } from "./answers.js";
import { type FunctionServices, functionServices } from "./services.js";

/** The Lambda entry, in response-streaming mode behind API Gateway's STREAM integration: JSON or events. */
export function functionStreamingHandler(services: ServicesFactory<FunctionServices>) {
  return awslambda.streamifyResponse(streamingHandler(functionAnswers, services));
}

export const handler = functionStreamingHandler(servicesOnce(functionServices));
