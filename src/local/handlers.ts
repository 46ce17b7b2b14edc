import type { ProxyHandler } from "../common/lambda/http-handler.js";
import { handler as info } from "../handlers/info/index.js";
import { handler as langchain } from "../handlers/langchain/index.js";
import { handler as openaiFunction } from "../handlers/openai_function/index.js";
import { handler as openaiV2 } from "../handlers/openai_v2/index.js";
import type { HandlerName } from "./routes.js";

/**
 * The Lambda entry points the local server invokes in-process: the very functions Lambda runs.
 */
export const lambdaHandlers: Record<HandlerName, ProxyHandler> = {
  openai_v2: openaiV2,
  langchain,
  openai_function: openaiFunction,
  info,
};
