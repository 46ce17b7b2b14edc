import { readFileSync } from "node:fs";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from "aws-lambda";

/** Inputs shared by the Lambda-like smoke test and the cold-start bench. */

export const SMOKE_OPENAI_KEY = "sk-smoke-test-key-from-parameter-store-0123";
export const OPENAI_KEY_PARAMETER = "/aws-openai/openai-api-key";
export const SMOKE_API_KEY = "smoke-api-key-from-parameter-store";
export const API_KEYS_PARAMETER = "/aws-openai/api-keys";

/** A real API Gateway REST proxy event per function (a missing one fails the smoke test for that function). */
const EVENT_FIXTURES: Record<string, URL> = {
  openai_v2: new URL("../../fixtures/events/app-default-grammar.json", import.meta.url),
  info: new URL("../../fixtures/events/info.json", import.meta.url),
  langchain: new URL("../fixtures/events/langchain.json", import.meta.url),
  openai_function: new URL("../fixtures/events/openai_function.json", import.meta.url),
};

export function smokeEvent(functionName: string): APIGatewayProxyEvent {
  const url = EVENT_FIXTURES[functionName];
  if (!url) throw new Error(`No API Gateway event fixture for ${functionName}: add one to smoke-setup.ts`);
  return JSON.parse(readFileSync(url, "utf8")) as APIGatewayProxyEvent;
}

/**
 * The function URL (payload 2.0) event of a streaming function: the path and body of the function's
 * API Gateway event, asking for a stream, with the API key its function URL checks.
 */
export function smokeStreamEvent(functionName: string, apiKey = SMOKE_API_KEY): APIGatewayProxyEventV2 {
  const rest = smokeEvent(functionName);
  const url = new URL("../../fixtures/events/function-url.json", import.meta.url);
  const event = JSON.parse(readFileSync(url, "utf8")) as APIGatewayProxyEventV2;
  const body = { ...(JSON.parse(rest.body ?? "{}") as object), stream: true };
  return {
    ...event,
    rawPath: rest.path,
    headers: { ...event.headers, "x-api-key": apiKey },
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: rest.path } },
    body: JSON.stringify(body),
  };
}

/** Each function's environment exactly as Terraform plans it (terraform test checks the same file). */
export function terraformEnvironment(functionName: string): Record<string, string> {
  const url = new URL("../../../terraform/tests/fixtures/function-environment.json", import.meta.url);
  const { functions } = JSON.parse(readFileSync(url, "utf8")) as {
    functions: Record<string, Record<string, string>>;
  };
  const environment = functions[functionName];
  if (!environment) throw new Error(`terraform plans no function named ${functionName}`);
  return environment;
}
