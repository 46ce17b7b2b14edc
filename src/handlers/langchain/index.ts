import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { restProxyHandler } from "../../adapters/rest-proxy/handler.js";
import { answerChat } from "./chat.js";
import { answerConversation } from "./conversations.js";
import { type LangchainServices, langchainServices } from "./services.js";

/**
 * The Lambda entry behind API Gateway (REST proxy, buffered): the general-purpose chat handler on
 * LangChain (`/langchain` and the langchain apps), and the conversations it keeps.
 */
export function langchainHandler(services: ServicesFactory<LangchainServices>) {
  return restProxyHandler({ name: "langchain", whole: answerChat, resource: answerConversation }, services);
}

export const handler = langchainHandler(servicesOnce(langchainServices));
