import { readFileSync } from "node:fs";
import type { APIGatewayProxyEvent } from "aws-lambda";

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

/**
 * The REST proxy event API Gateway's STREAM integration passes on: the passthrough fixture asking for
 * a stream (Accept: text/event-stream), for another route, method, headers or JSON body.
 */
export function streamRequestEvent(
  changes: { resource?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  const event = fixtureEvent("passthrough");
  const resource = changes.resource ?? event.resource;
  const { body } = changes;
  return {
    ...event,
    resource,
    path: resource,
    httpMethod: changes.method ?? event.httpMethod,
    headers: { ...event.headers, Accept: "text/event-stream", ...changes.headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  };
}
