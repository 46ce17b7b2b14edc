import type { APIGatewayProxyEvent } from "aws-lambda";
import { proxyRequestParts } from "../../src/adapters/rest-proxy/proxy-request.js";
import { type ChatInput, chatInputOf } from "../../src/common/chat/chat-input.js";
import type { Settings } from "../../src/common/settings/index.js";
import { readRequest } from "../../src/core/read-request.js";
import { apiRoutes, RouteTable } from "../../src/core/routes.js";
import { testContext } from "./lambda-context.js";
import { defaultSchemas } from "./request-schemas.js";

const routes = new RouteTable(apiRoutes());
const signal = new AbortController().signal;

/** The chat input a REST proxy event becomes, through the same edge conversion the handlers use. */
export function chatInputFrom(event: APIGatewayProxyEvent, settings: Settings): ChatInput {
  const request = readRequest(
    proxyRequestParts(event, testContext(), routes, { canStream: false, signal }),
    defaultSchemas,
  );
  if (request.kind !== "chat") throw new Error(`${event.resource} is not a chat route`);
  return chatInputOf(request.body, settings);
}
