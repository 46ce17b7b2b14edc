import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { type ChatHandlerName, findApp } from "../../catalog/index.js";
import { appResource, PASSTHROUGH_RESOURCES } from "../../chat/chat-routes.js";
import { MethodNotAllowedError, NotFoundError } from "../../errors.js";

const APP_PATH = /^\/examples\/([^/]+)$/;

/**
 * The API resource a function URL request names. Each chat function has its own URL and answers the
 * routes API Gateway sends it: its passthrough route and the apps the catalog gives it.
 */
export function functionUrlResource(handler: ChatHandlerName, event: APIGatewayProxyEventV2): string {
  const path = event.rawPath.length > 1 ? event.rawPath.replace(/\/+$/, "") : event.rawPath;
  const slug = APP_PATH.exec(path)?.[1];
  let resource: string | undefined;
  if (slug !== undefined) {
    const app = findApp(decodeURIComponent(slug));
    if (!app) throw new NotFoundError(`There is no app named '${decodeURIComponent(slug)}'.`);
    if (app.handler !== handler)
      throw new NotFoundError(`The app '${app.slug}' is answered by the ${app.handler} function's URL.`);
    resource = appResource(app.slug);
  } else if (path === PASSTHROUGH_RESOURCES[handler]) {
    resource = path;
  }
  if (!resource) throw new NotFoundError(`No route for ${path} on the ${handler} function's URL.`);
  const method = event.requestContext.http.method;
  if (method !== "POST") throw new MethodNotAllowedError(`${method} is not allowed on ${path}.`, ["POST"]);
  return resource;
}
