import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { restProxyHandler } from "../../adapters/rest-proxy/handler.js";
import { type CoreServices, coreServices } from "../../services/core.js";
import { answerInfo } from "./info.js";

/** The Lambda entry behind API Gateway (REST proxy): `GET /info`. */
export function infoHandler(services: ServicesFactory<CoreServices>) {
  return restProxyHandler({ name: "info", resource: answerInfo }, services);
}

export const handler = infoHandler(servicesOnce(coreServices));
