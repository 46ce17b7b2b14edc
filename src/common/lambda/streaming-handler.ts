import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { errorResponse } from "../responses.js";
import type { ResponseStream } from "../streaming/response-stream.js";
import { sendEventStream, sendResult } from "../streaming/send.js";
import type { StreamEvent } from "../streaming/sse.js";
import { wantsEventStream } from "../streaming/wants-stream.js";
import { type HandlerRequest, logRequest, type ProxyHandler, requestIdOf } from "./http-handler.js";
import { requestSettings } from "./request-scope.js";

export interface StreamRequest extends HandlerRequest {
  /** Aborted when the client has gone: pass it to every upstream call. */
  signal: AbortSignal;
}

/** A streamed answer, as events; throwing before the first event still gives an error response. */
export type StreamRoute = (request: StreamRequest) => AsyncIterable<StreamEvent>;

/** A chat handler's two ways of answering the same request. */
export interface ChatHandler {
  buffered: ProxyHandler;
  stream: StreamRoute;
}

/** Answers a REST proxy event on a response stream: streamed when the request asks for it, else whole. */
export type StreamingHandler = (
  event: APIGatewayProxyEvent,
  response: ResponseStream,
  context: Context,
) => Promise<void>;

export function streamingHandler(name: string, chat: ChatHandler): StreamingHandler {
  return async (event, response, context) => {
    if (!wantsEventStream(event)) return sendResult(response, await chat.buffered(event, context));
    const requestId = requestIdOf(event, context);
    try {
      const settings = await requestSettings();
      logRequest(event, requestId, name, true);
      const events = chat.stream({ event, context, settings, requestId, signal: response.signal });
      await sendEventStream(response, events, requestId, settings.CORS_ALLOW_ORIGIN);
    } catch (error) {
      const result = errorResponse(error, requestId);
      await (response.opened ? response.end() : sendResult(response, result));
    }
  };
}
