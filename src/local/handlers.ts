import type { ChatHandlerName } from "../common/catalog/index.js";
import { type FunctionUrlHandler, functionUrlHandler } from "../common/lambda/function-url/handler.js";
import type { ProxyHandler } from "../common/lambda/http-handler.js";
import { handler as info } from "../handlers/info/index.js";
import { handler as langchain, chat as langchainChat } from "../handlers/langchain/index.js";
import { handler as openaiFunction, chat as openaiFunctionChat } from "../handlers/openai_function/index.js";
import { handler as openaiV2, chat as openaiV2Chat } from "../handlers/openai_v2/index.js";
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

/** The function URL entries (before `streamifyResponse`, which the local runtime stand-in applies). */
export const streamingHandlers: Record<ChatHandlerName, FunctionUrlHandler> = {
  openai_v2: functionUrlHandler("openai_v2", openaiV2Chat),
  langchain: functionUrlHandler("langchain", langchainChat),
  openai_function: functionUrlHandler("openai_function", openaiFunctionChat),
};
