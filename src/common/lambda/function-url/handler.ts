import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, StreamifyHandler } from "aws-lambda";
import type { ChatHandlerName } from "../../catalog/index.js";
import { checkApiKey } from "../../request/api-keys.js";
import { headerValue } from "../../request/headers.js";
import { errorResponse } from "../../responses.js";
import { getSettings } from "../../settings/index.js";
import { sendResult } from "../../streaming/send.js";
import { type ChatHandler, streamingHandler } from "../streaming-handler.js";
import { proxyEventFromFunctionUrl } from "./proxy-event.js";
import { functionUrlResource } from "./resource.js";
import { lambdaResponseStream } from "./response-stream.js";

/** What `awslambda.streamifyResponse` wraps: a function URL event in, the answer on Lambda's stream. */
export type FunctionUrlHandler = StreamifyHandler<APIGatewayProxyEventV2, void>;

/**
 * A chat handler behind a Lambda function URL in RESPONSE_STREAM mode. With no API Gateway in front,
 * it checks the route and the API key itself, then answers like the API Gateway handler does, streamed
 * when the request asks for it.
 */
export function functionUrlHandler(name: ChatHandlerName, chat: ChatHandler): FunctionUrlHandler {
  const answer = streamingHandler(name, chat);
  return async (urlEvent, responseStream, context) => {
    const response = lambdaResponseStream(responseStream);
    let event: APIGatewayProxyEvent;
    try {
      event = proxyEventFromFunctionUrl(urlEvent, functionUrlResource(name, urlEvent));
      checkApiKey((await getSettings()).API_KEYS, headerValue(event.headers, "x-api-key"));
    } catch (error) {
      return sendResult(response, errorResponse(error, urlEvent.requestContext.requestId));
    }
    await answer(event, response, context);
  };
}
