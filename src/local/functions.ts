import { type StreamingHandler, streamingHandler } from "../adapters/response-stream/handler.js";
import type { ProxyHandler } from "../adapters/rest-proxy/handler.js";
import type { RouteTable } from "../core/routes.js";
import { infoHandler } from "../handlers/info/index.js";
import { langchainAnswers } from "../handlers/langchain/answers.js";
import { openAICompatDoor } from "../handlers/openai_compat/door.js";
import { functionAnswers } from "../handlers/openai_function/answers.js";
import { openAIV2Answers } from "../handlers/openai_v2/answers.js";
import type { Services } from "../services/index.js";

/**
 * One Lambda function as the local server invokes it, through the entry its deployed integration
 * invokes: the chat functions' response-streaming entry (API Gateway's STREAM integration, every
 * route of theirs, conversations included), info's REST proxy entry.
 */
export interface LocalFunction {
  streaming?: StreamingHandler;
  rest?: ProxyHandler;
}

/** The entries of every function, over the services of this one process, marked for streaming. */
export function localFunctions(services: Services, routes: RouteTable) {
  const ready = () => Promise.resolve(services);
  const streaming = (handler: StreamingHandler) => awslambda.streamifyResponse(handler);
  return {
    openai_v2: { streaming: streaming(streamingHandler(openAIV2Answers, ready, routes)) },
    langchain: { streaming: streaming(streamingHandler(langchainAnswers, ready, routes)) },
    openai_function: { streaming: streaming(streamingHandler(functionAnswers, ready, routes)) },
    openai_compat: { streaming: streaming(openAICompatDoor(ready, routes)) },
    info: { rest: infoHandler(ready) },
  } satisfies Record<string, LocalFunction>;
}
