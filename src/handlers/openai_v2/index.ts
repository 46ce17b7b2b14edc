import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { restProxyHandler } from "../../adapters/rest-proxy/handler.js";
import { answerChat } from "./chat.js";
import { type OpenAIV2Services, openAIV2Services } from "./services.js";

/** The Lambda entry behind API Gateway (REST proxy, buffered). */
export function openAIV2Handler(services: ServicesFactory<OpenAIV2Services>) {
  return restProxyHandler({ name: "openai_v2", whole: answerChat }, services);
}

export const handler = openAIV2Handler(servicesOnce(openAIV2Services));
