import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { debugEnabled, logger } from "../logger.js";
import { errorResponse } from "../responses.js";
import type { Settings } from "../settings/index.js";
import { inRequestScope } from "./request-scope.js";

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
    return inRequestScope(name, requestId, async (settings) => {
      let result: APIGatewayProxyResult;
      try {
        // Headers stay out of the log: they carry the API key.
        if (debugEnabled())
          logger.debug("request", {
            method: event.httpMethod,
            resource: event.resource,
            bodyBytes: event.body?.length ?? 0,
          });
        result = await route({ event, context, settings, requestId });
        if (debugEnabled())
          logger.debug("response", { statusCode: result.statusCode, bodyBytes: result.body.length });
      } catch (error) {
        result = errorResponse(error, requestId);
      }
      result.headers = {
        ...result.headers,
        "Access-Control-Allow-Origin": settings.CORS_ALLOW_ORIGIN,
        "X-Request-Id": requestId,
      };
      return result;
    }).catch((error: unknown) => errorResponse(error, requestId));
  };
  return handler;
}
