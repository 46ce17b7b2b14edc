import { readFileSync } from "node:fs";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from "aws-lambda";

/** A real API Gateway REST proxy event from `test/fixtures/events`, with optional changes. */
export function fixtureEvent(
  name: string,
  changes: Partial<APIGatewayProxyEvent> = {},
): APIGatewayProxyEvent {
  const url = new URL(`../fixtures/events/${name}.json`, import.meta.url);
  const event = JSON.parse(readFileSync(url, "utf8")) as APIGatewayProxyEvent;
  return { ...event, ...changes };
}

/** The passthrough fixture with another JSON body, on another chat route when given. */
export function passthroughEvent(body: unknown, resource = "/passthrough"): APIGatewayProxyEvent {
  return fixtureEvent("passthrough", {
    resource,
    path: resource,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The function URL (payload 2.0) fixture, for another path, method or JSON body. */
export function functionUrlEvent(
  changes: { path?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const url = new URL("../fixtures/events/function-url.json", import.meta.url);
  const event = JSON.parse(readFileSync(url, "utf8")) as APIGatewayProxyEventV2;
  const path = changes.path ?? event.rawPath;
  const method = changes.method ?? event.requestContext.http.method;
  const { body } = changes;
  return {
    ...event,
    rawPath: path,
    headers: { ...event.headers, ...changes.headers },
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method, path } },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  };
}
