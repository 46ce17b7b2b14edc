import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { logger, setLogLevel } from "../logger.js";
import { errorResponse } from "../responses.js";
import { getSettings, type Settings } from "../settings/index.js";

export interface HandlerRequest {
  event: APIGatewayProxyEvent;
  context: Context;
  settings: Settings;
  requestId: string;
}

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Turns a route function into a Lambda proxy handler: settings loaded once per cold start, the request
 * id attached to every log line and error body, and every failure answered through `errorResponse`.
 */
export function httpHandler(
  name: string,
  route: (request: HandlerRequest) => Promise<APIGatewayProxyResult>,
) {
  const handler: ProxyHandler = async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    logger.appendKeys({ requestId, handler: name });
    try {
      const settings = await getSettings();
      setLogLevel(settings.DEBUG_MODE ? "DEBUG" : settings.LOG_LEVEL);
      // Headers stay out of the log: they carry the API key.
      logger.debug("request", {
        method: event.httpMethod,
        resource: event.resource,
        bodyBytes: event.body?.length ?? 0,
      });
      const result = await route({ event, context, settings, requestId });
      logger.debug("response", { statusCode: result.statusCode, bodyBytes: result.body.length });
      result.headers = { ...result.headers, "X-Request-Id": requestId };
      return result;
    } catch (error) {
      return errorResponse(error, requestId);
    } finally {
      logger.removeKeys(["requestId", "handler"]);
    }
  };
  return handler;
}
