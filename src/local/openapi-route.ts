import type { IncomingMessage, ServerResponse } from "node:http";
import { openApiDocument } from "../common/openapi/document.js";
import { CORS_HEADERS } from "../common/responses.js";
import type { Route } from "./routes.js";

/** Answers `GET /openapi.json` with the API description of exactly the routes this server serves. */
export function openApiResponder(routes: readonly Route[]) {
  let body: string | undefined;
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== "/openapi.json") return false;
    body ??= JSON.stringify(openApiDocument(routes));
    response.writeHead(200, { "Content-Type": "application/json; charset=utf-8", ...CORS_HEADERS }).end(body);
    return true;
  };
}
