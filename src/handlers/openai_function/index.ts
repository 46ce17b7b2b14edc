import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { restProxyHandler } from "../../adapters/rest-proxy/handler.js";
import { answerChat } from "./chat.js";
import { type FunctionServices, functionServices } from "./services.js";

/** The Lambda entry behind API Gateway (REST proxy, buffered). */
export function functionHandler(services: ServicesFactory<FunctionServices>) {
  return restProxyHandler({ name: "openai_function", whole: answerChat }, services);
}

export const handler = functionHandler(servicesOnce(functionServices));
