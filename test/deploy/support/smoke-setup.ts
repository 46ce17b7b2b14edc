import { readFileSync } from "node:fs";
import type { APIGatewayProxyEvent } from "aws-lambda";

/** Inputs shared by the Lambda-like smoke test and the cold-start bench. */

export const SMOKE_OPENAI_KEY = "sk-smoke-test-key-from-parameter-store-0123";
export const OPENAI_KEY_PARAMETER = "/stacks/aws-openai/openai-api-key";

/** A real API Gateway REST proxy event per function (a missing one fails the smoke test for that function). */
const EVENT_FIXTURES: Record<string, URL> = {
  openai_v2: new URL("../../fixtures/events/app-default-grammar.json", import.meta.url),
  info: new URL("../../fixtures/events/info.json", import.meta.url),
  langchain: new URL("../fixtures/events/langchain.json", import.meta.url),
  openai_function: new URL("../fixtures/events/openai_function.json", import.meta.url),
  // The plugin app as the model: the door's package must carry the plugin handler and its layer.
  openai_compat: new URL("../fixtures/events/openai_compat.json", import.meta.url),
};

export function smokeEvent(functionName: string): APIGatewayProxyEvent {
  const url = EVENT_FIXTURES[functionName];
  if (!url) throw new Error(`No API Gateway event fixture for ${functionName}: add one to smoke-setup.ts`);
  return JSON.parse(readFileSync(url, "utf8")) as APIGatewayProxyEvent;
}

/** The function's API Gateway event asking for a stream, as the STREAM integration passes it on. */
export function smokeStreamEvent(functionName: string): APIGatewayProxyEvent {
  const event = smokeEvent(functionName);
  return { ...event, body: JSON.stringify({ ...(JSON.parse(event.body ?? "{}") as object), stream: true }) };
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
