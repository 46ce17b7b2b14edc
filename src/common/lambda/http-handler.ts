import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { debugEnabled, logger } from "../logger.js";
import { errorResponse } from "../responses.js";
import type { Settings } from "../settings/index.js";
import { requestSettings } from "./request-scope.js";

export interface HandlerRequest {
  event: APIGatewayProxyEvent;
  context: Context;
  settings: Settings;
  requestId: string;
}

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export function requestIdOf(event: APIGatewayProxyEvent, context: Context): string {
  return event.requestContext?.requestId ?? context.awsRequestId;
}

/** The debug line a handler writes per request; headers stay out of it, as they carry the API key. */
export function logRequest(event: APIGatewayProxyEvent, requestId: string, handler: string, stream: boolean) {
  if (!debugEnabled()) return;
  logger.debug("request", {
    requestId,
    handler,
    method: event.httpMethod,
    resource: event.resource,
    bodyBytes: event.body?.length ?? 0,
    stream,
  });
}

/**
 * Turns a route function into a Lambda proxy handler: settings loaded once per cold start, the request
 * id attached to every log line and error body, and every failure answered through `errorResponse`.
 */
export function httpHandler(
  name: string,
  route: (request: HandlerRequest) => Promise<APIGatewayProxyResult>,
) {
  const handler: ProxyHandler = async (event, context) => {
    const requestId = requestIdOf(event, context);
    let settings: Settings;
    try {
      settings = await requestSettings();
    } catch (error) {
      return errorResponse(error, requestId);
    }
    let result: APIGatewayProxyResult;
    try {
      logRequest(event, requestId, name, false);
      result = await route({ event, context, settings, requestId });
      if (debugEnabled())
        logger.debug("response", {
          requestId,
          handler: name,
          statusCode: result.statusCode,
          bodyBytes: result.body.length,
        });
    } catch (error) {
      result = errorResponse(error, requestId);
    }
    result.headers ??= {};
    result.headers["Access-Control-Allow-Origin"] = settings.CORS_ALLOW_ORIGIN;
    result.headers["X-Request-Id"] = requestId;
    return result;
  };
  return handler;
}
