import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { NotFoundError } from "../../common/errors.js";
import { callerOf } from "../../core/caller.js";
import type { RequestParts } from "../../core/read-request.js";
import type { RouteTable } from "../../core/routes.js";

/** Header values by lower-case name: API Gateway keeps the client's spelling. */
export function lowerCaseHeaders(headers: Record<string, string | undefined> | null): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) lower[name.toLowerCase()] = value;
  }
  return lower;
}

function definedValues(values: Record<string, string | undefined> | null): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const name in values) {
    const value = values[name];
    if (value !== undefined) defined[name] = value;
  }
  return defined;
}

/**
 * The request an API Gateway REST proxy event carries. The route is the resource API Gateway matched
 * (it names the route, so nothing is matched again), and the caller the API key it checked.
 */
export function proxyRequestParts(
  event: APIGatewayProxyEvent,
  context: Context,
  routes: RouteTable,
  options: { canStream: boolean; signal: AbortSignal },
): RequestParts {
  const route = routes.byResource(event.httpMethod, event.resource);
  if (!route) throw new NotFoundError(`No route for ${event.httpMethod} ${event.path}.`);
  const { identity, requestId } = event.requestContext;
  return {
    route,
    method: route.method,
    pathParameters: definedValues(event.pathParameters),
    query: definedValues(event.queryStringParameters),
    headers: lowerCaseHeaders(event.headers),
    body: event.body,
    isBase64Encoded: event.isBase64Encoded,
    requestId: requestId ?? context.awsRequestId,
    caller: callerOf(identity?.apiKey, identity?.apiKeyId),
    canStream: options.canStream,
    signal: options.signal,
  };
}
