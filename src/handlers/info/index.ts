import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { restProxyHandler } from "../../adapters/rest-proxy/handler.js";
import { USAGE_RESOURCE } from "../../core/routes.js";
import { type CoreServices, coreServices } from "../../services/core.js";
import { answerInfo } from "./info.js";
import { answerUsage } from "./usage.js";

/** The Lambda entry behind API Gateway (REST proxy): `GET /info` and `GET /usage`. */
export function infoHandler(services: ServicesFactory<CoreServices>) {
  return restProxyHandler(
    {
      name: "info",
      resource: (request, ready) =>
        request.route.resource === USAGE_RESOURCE ? answerUsage(request, ready) : answerInfo(request, ready),
    },
    services,
  );
}

export const handler = infoHandler(servicesOnce(coreServices));
