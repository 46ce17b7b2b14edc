import type { APIGatewayProxyEvent, StreamifyHandler } from "aws-lambda";
import { answerParts, type FunctionAnswers } from "../../core/answers.js";
import type { RequestParts } from "../../core/read-request.js";
import { type ErrorWriter, type Reply, SERVICE_ERRORS } from "../../core/reply.js";
import { apiRoutes, RouteTable } from "../../core/routes.js";
import type { CoreServices } from "../../services/core.js";
import { fallbackLogger } from "../lambda/fallback-logger.js";
import type { ServicesFactory } from "../lambda/services-once.js";
import { proxyRequestParts } from "../rest-proxy/proxy-request.js";
import { lambdaResponseStream } from "./response-stream.js";
import { writeReply } from "./write-reply.js";

/** What `awslambda.streamifyResponse` wraps: a REST proxy event in, the answer on Lambda's response stream. */
export type StreamingHandler = StreamifyHandler<APIGatewayProxyEvent, void>;

/** A door's answer to a request an adapter took out of its event, over one cold start's services. */
export type AnswerParts<S> = (parts: RequestParts, services: S) => Promise<Reply>;

/**
 * A response-streaming door, behind API Gateway's STREAM integration: the REST proxy event (the key
 * checked by the gateway) becomes a request once, and the reply is written with the HTTP integration
 * prelude: whole as JSON, or as server-sent events when the request asks for them. `errors` is the
 * door's error shape.
 */
export function streamingDoor<S extends CoreServices>(
  answerOf: AnswerParts<S>,
  services: ServicesFactory<S>,
  routes: RouteTable,
  errors: ErrorWriter,
): StreamingHandler {
  return async (event, responseStream, context) => {
    const response = lambdaResponseStream(responseStream);
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    let ready: S;
    try {
      ready = await services();
    } catch (error) {
      const target = { response, requestId, allowOrigin: undefined, logger: fallbackLogger, errors };
      return writeReply(target, errors.reply(error, requestId, fallbackLogger));
    }
    // Every line of this invocation carries cold_start, function_request_id and the X-Ray trace id.
    ready.logger.addContext(context);
    const target = {
      response,
      requestId,
      allowOrigin: ready.settings.CORS_ALLOW_ORIGIN,
      logger: ready.logger,
      errors,
    };
    let reply: Reply;
    try {
      const parts = proxyRequestParts(event, context, routes, { canStream: true, signal: response.signal });
      reply = await answerOf(parts, ready);
    } catch (error) {
      reply = errors.reply(error, requestId, ready.logger);
    }
    await writeReply(target, reply);
    await reply.afterSent?.();
  };
}

/** A chat function's streaming entry: its answers, in the service's own format. */
export function streamingHandler<S extends CoreServices>(
  answers: FunctionAnswers<S>,
  services: ServicesFactory<S>,
  routes: RouteTable = new RouteTable(apiRoutes()),
): StreamingHandler {
  return streamingDoor(
    (parts, ready) => answerParts(answers, parts, ready),
    services,
    routes,
    SERVICE_ERRORS,
  );
}
