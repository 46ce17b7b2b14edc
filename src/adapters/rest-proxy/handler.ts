import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { InternalError } from "../../common/errors.js";
import { answerParts, type FunctionAnswers } from "../../core/answers.js";
import { errorReply } from "../../core/reply.js";
import { apiRoutes, RouteTable } from "../../core/routes.js";
import type { CoreServices } from "../../services/core.js";
import { fallbackLogger } from "../lambda/fallback-logger.js";
import type { ServicesFactory } from "../lambda/services-once.js";
import { proxyRequestParts } from "./proxy-request.js";
import { proxyResult } from "./proxy-result.js";

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** A buffered transport has no client that could go away mid-answer. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * The API Gateway REST proxy door (buffered): the event becomes a request once, the core answers,
 * and the answer (or any failure, through `errorReply`) becomes one proxy result.
 */
export function restProxyHandler<S extends CoreServices>(
  answers: FunctionAnswers<S>,
  services: ServicesFactory<S>,
  routes: RouteTable = new RouteTable(apiRoutes()),
): ProxyHandler {
  return async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    let ready: S;
    try {
      ready = await services();
    } catch (error) {
      return proxyResult(errorReply(error, requestId, fallbackLogger), undefined, requestId);
    }
    const { logger, settings } = ready;
    // Every line of this invocation carries cold_start, function_request_id and the X-Ray trace id.
    logger.addContext(context);
    try {
      const parts = proxyRequestParts(event, context, routes, { canStream: false, signal: NEVER_ABORTED });
      const reply = await answerParts(answers, parts, ready);
      if (reply.kind !== "json") throw new InternalError("A buffered request was answered with a stream");
      // A buffered result is sent when the handler returns: what is left is done before.
      await reply.afterSent?.();
      return proxyResult(reply, settings.CORS_ALLOW_ORIGIN, requestId);
    } catch (error) {
      return proxyResult(errorReply(error, requestId, logger), settings.CORS_ALLOW_ORIGIN, requestId);
    }
  };
}
