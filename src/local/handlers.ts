import type { ProxyHandler } from "../common/lambda/http-handler.js";
import { handler as info } from "../handlers/info/index.js";
import { handler as openaiV2 } from "../handlers/openai_v2/index.js";
import type { HandlerName } from "./routes.js";

/**
 * The Lambda entry points the local server invokes in-process: the very functions Lambda runs.
 * langchain and openai_function apps go through the openai_v2 path until their handlers land.
 */
export const lambdaHandlers: Record<HandlerName, ProxyHandler> = {
  openai_v2: openaiV2,
  langchain: openaiV2,
  openai_function: openaiV2,
  info,
};
