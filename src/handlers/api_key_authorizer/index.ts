import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { presentedApiKey } from "../../common/api-key/presented-key.js";

/**
 * The REST API's REQUEST authorizer, deployed when `bearer_api_keys` is on (docs/openai-api.md): it
 * hands API Gateway the key the request presents, `x-api-key` or a bearer token, as the usage plan's
 * key (`api_key_source = AUTHORIZER`). It does not judge the key: API Gateway checks it against the
 * usage plan afterwards, exactly as it checks `x-api-key` without an authorizer (unknown key 403).
 * It logs nothing, so a key never reaches its log group.
 */

/** The message API Gateway turns into a 401, its UNAUTHORIZED gateway response; any other fails as a 500. */
export const UNAUTHORIZED = "Unauthorized";

/**
 * Not the key: API Gateway may write the principal to access logs ($context.authorizer.principalId).
 */
export const PRINCIPAL_ID = "api-key";

/** A REST API passes headers as the client spelt them; HTTP header names are case-insensitive. */
function header(event: APIGatewayRequestAuthorizerEvent, name: string): string | undefined {
  const found = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1] ?? undefined;
}

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const key = presentedApiKey(header(event, "x-api-key"), header(event, "authorization"));
  if (!key) throw new Error(UNAUTHORIZED);
  return {
    principalId: PRINCIPAL_ID,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }],
    },
    usageIdentifierKey: key,
  };
}
