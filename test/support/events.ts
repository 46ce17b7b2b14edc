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

/** The passthrough fixture with another JSON body. */
export function passthroughEvent(body: unknown): APIGatewayProxyEvent {
  return fixtureEvent("passthrough", { body: typeof body === "string" ? body : JSON.stringify(body) });
}
