import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, StreamifyHandler } from "aws-lambda";
import { answer, type FunctionAnswers } from "../../core/answers.js";
import { type RequestParts, readRequest } from "../../core/read-request.js";
import { errorReply } from "../../core/reply.js";
import { apiRoutes, RouteTable } from "../../core/routes.js";
import type { CoreServices } from "../../services/core.js";
import { fallbackLogger } from "../lambda/fallback-logger.js";
import type { ServicesFactory } from "../lambda/services-once.js";
import { proxyRequestParts } from "../rest-proxy/proxy-request.js";
import { functionUrlRequestParts } from "./function-url-request.js";
import { lambdaResponseStream } from "./response-stream.js";
import { writeReply } from "./write-reply.js";

/** A REST proxy event (API Gateway's STREAM integration) or a function URL's event (payload 2.0). */
export type StreamingEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

/** What `awslambda.streamifyResponse` wraps: an event in, the answer on Lambda's response stream. */
export type StreamingHandler = StreamifyHandler<StreamingEvent, void>;

function isFunctionUrlEvent(event: StreamingEvent): event is APIGatewayProxyEventV2 {
  return "version" in event && event.version === "2.0";
}

/**
 * The response-streaming door: behind API Gateway's STREAM integration (a REST proxy event, the key
 * checked by the gateway) or a function URL (payload 2.0, the key checked here). Either way the
 * event becomes a request once, and the reply is written with the HTTP integration prelude: whole
 * as JSON, or as server-sent events when the request asks for them.
 */
export function streamingHandler<S extends CoreServices>(
  answers: FunctionAnswers<S>,
  services: ServicesFactory<S>,
  routes: RouteTable = new RouteTable(apiRoutes()),
): StreamingHandler {
  return async (event, responseStream, context) => {
    const response = lambdaResponseStream(responseStream);
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    let ready: S;
    try {
      ready = await services();
    } catch (error) {
      const target = { response, requestId, allowOrigin: undefined, logger: fallbackLogger };
      return writeReply(target, errorReply(error, requestId, fallbackLogger));
    }
    const target = {
      response,
      requestId,
      allowOrigin: ready.settings.CORS_ALLOW_ORIGIN,
      logger: ready.logger,
    };
    let reply: Awaited<ReturnType<typeof answer>>;
    try {
      const options = { signal: response.signal };
      const parts: RequestParts = isFunctionUrlEvent(event)
        ? functionUrlRequestParts(event, answers.name, routes, {
            ...options,
            apiKeys: ready.settings.API_KEYS,
          })
        : proxyRequestParts(event, context, routes, { ...options, canStream: true });
      reply = await answer(answers, readRequest(parts), ready);
    } catch (error) {
      reply = errorReply(error, requestId, ready.logger);
    }
    await writeReply(target, reply);
  };
}
