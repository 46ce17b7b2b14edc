import type { IncomingMessage, ServerResponse } from "node:http";
import { openApiDocument } from "../common/openapi/document.js";
import { commonHeaders, JSON_CONTENT_TYPE } from "../core/response-headers.js";
import type { Route } from "../core/routes.js";

/** Answers `GET /openapi.json` with the API description of exactly the routes this server serves. */
export function openApiResponder(routes: readonly Route[], allowOrigin: string) {
  let body: string | undefined;
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== "/openapi.json") return false;
    body ??= JSON.stringify(openApiDocument(routes));
    response.writeHead(200, { "Content-Type": JSON_CONTENT_TYPE, ...commonHeaders(allowOrigin) }).end(body);
    return true;
  };
}
