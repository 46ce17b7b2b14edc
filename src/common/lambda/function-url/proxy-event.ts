import type { IncomingHttpHeaders } from "node:http";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from "aws-lambda";
import { toProxyEvent } from "../proxy-event.js";

/**
 * The REST (v1) proxy event API Gateway would have sent for a function URL's (v2) event, so one
 * handler answers both. Function URLs take cookies out of the headers; they go back in.
 */
export function proxyEventFromFunctionUrl(
  event: APIGatewayProxyEventV2,
  resource: string,
): APIGatewayProxyEvent {
  const headers: IncomingHttpHeaders = { ...event.headers };
  if (event.cookies && event.cookies.length > 0) headers.cookie = event.cookies.join("; ");
  const { http, requestId, stage, accountId, apiId } = event.requestContext;
  return toProxyEvent({
    method: http.method,
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString),
    headers,
    body: event.body ?? null,
    isBase64Encoded: event.isBase64Encoded,
    resource,
    pathParameters: null,
    requestId,
    sourceIp: http.sourceIp,
    apiKey: null,
    stage,
    accountId,
    apiId,
  });
}
