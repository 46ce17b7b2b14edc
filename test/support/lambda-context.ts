import type { Context } from "aws-lambda";
import { lambdaContext } from "../../src/local/lambda-context.js";

/** The Lambda context every handler test passes; the same builder the local server uses. */
export function testContext(functionName = "aws-openai-test", requestId = "test-request-id"): Context {
  return lambdaContext(functionName, requestId);
}
