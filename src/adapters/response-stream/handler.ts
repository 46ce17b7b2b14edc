import type { APIGatewayProxyEvent, StreamifyHandler } from "aws-lambda";
import { answerParts, type FunctionAnswers } from "../../core/answers.js";
import { errorReply, type Reply } from "../../core/reply.js";
import { apiRoutes, RouteTable } from "../../core/routes.js";
import type { CoreServices } from "../../services/core.js";
import { fallbackLogger } from "../lambda/fallback-logger.js";
import type { ServicesFactory } from "../lambda/services-once.js";
import { proxyRequestParts } from "../rest-proxy/proxy-request.js";
import { lambdaResponseStream } from "./response-stream.js";
import { writeReply } from "./write-reply.js";

/** What `awslambda.streamifyResponse` wraps: a REST proxy event in, the answer on Lambda's response stream. */
export type StreamingHandler = StreamifyHandler<APIGatewayProxyEvent, void>;

/**
 * The response-streaming door, behind API Gateway's STREAM integration: the REST proxy event (the key
 * checked by the gateway) becomes a request once, and the reply is written with the HTTP integration
 * prelude: whole as JSON, or as server-sent events when the request asks for them.
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
    let reply: Reply;
    try {
      const parts = proxyRequestParts(event, context, routes, { canStream: true, signal: response.signal });
      reply = await answerParts(answers, parts, ready);
    } catch (error) {
      reply = errorReply(error, requestId, ready.logger);
    }
    await writeReply(target, reply);
  };
}
