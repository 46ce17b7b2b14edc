import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { MethodNotAllowedError, NotFoundError } from "../../common/errors.js";
import { checkApiKey } from "../../common/request/api-keys.js";
import type { Secret } from "../../common/secret.js";
import { callerOf } from "../../core/caller.js";
import type { RequestParts } from "../../core/read-request.js";
import type { HandlerName, RouteTable } from "../../core/routes.js";

/**
 * The request a Lambda function URL event (payload 2.0) carries. No API Gateway stands in front of a
 * function URL, so this is the edge: the path is matched against the routes of this function and
 * the API key is checked here, once.
 */
export function functionUrlRequestParts(
  event: APIGatewayProxyEventV2,
  handler: HandlerName,
  routes: RouteTable,
  options: { apiKeys: readonly Secret[]; signal: AbortSignal },
): RequestParts {
  const path = event.rawPath;
  const method = event.requestContext.http.method;
  const match = routes.match(method, path);
  if (match.kind === "not-found")
    throw new NotFoundError(`No route for ${path} on the ${handler} function's URL.`);
  if (match.kind === "found" && match.route.handler !== handler)
    throw new NotFoundError(`${path} is answered by the ${match.route.handler} function's URL.`);
  if (match.kind === "wrong-method")
    throw new MethodNotAllowedError(`${method} is not allowed on ${path}.`, match.allowed);
  const apiKey = event.headers["x-api-key"];
  checkApiKey(options.apiKeys, apiKey);
  const headers: Record<string, string> = {};
  for (const name in event.headers) {
    const value = event.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const query: Record<string, string> = {};
  for (const name in event.queryStringParameters) {
    const value = event.queryStringParameters[name];
    if (value !== undefined) query[name] = value;
  }
  return {
    route: match.route,
    method: match.route.method,
    pathParameters: match.pathParameters,
    query,
    headers,
    body: event.body ?? null,
    isBase64Encoded: event.isBase64Encoded,
    requestId: event.requestContext.requestId,
    caller: options.apiKeys.length > 0 ? callerOf(apiKey) : { kind: "anonymous" },
    canStream: true,
    signal: options.signal,
  };
}
