import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { conversationsOnDemand } from "../common/memory/on-demand.js";
import type { LoadedSettings } from "../common/settings/load.js";
import { createChatModels } from "../handlers/langchain/chat-model.js";
import type { LangchainServices } from "../handlers/langchain/services.js";
import { createPluginStore } from "../handlers/openai_function/plugins/plugin-store.js";
import type { FunctionServices } from "../handlers/openai_function/services.js";
import { createWeatherTool } from "../handlers/openai_function/tools/weather/weather-tool.js";
import type { OpenAIV2Services } from "../handlers/openai_v2/services.js";
import { coreServices } from "./core.js";
import type { Logger } from "./logger.js";
import { createOpenAIClient } from "./openai-client.js";

/** The services of every function at once, as the local server runs them all in one process. */
export type Services = OpenAIV2Services & LangchainServices & FunctionServices;

/**
 * Builds every service once from the settings: the local server's start and the tests (which pass
 * fakes by overriding members). `dynamo` is the DynamoDB client to keep conversations with, when the
 * caller owns one (to create the table, and to close it at the end); `logger` one to log with.
 */
export function createServices(
  loaded: LoadedSettings,
  parts: { dynamo?: DynamoDBClient; logger?: Logger } = {},
): Services {
  const core = coreServices(loaded, parts.logger);
  const { settings, logger } = core;
  return {
    ...core,
    openai: createOpenAIClient(settings),
    chatModels: createChatModels(settings),
    conversations: conversationsOnDemand(settings, core.tracing, parts.dynamo),
    plugins: createPluginStore(settings, logger),
    weather: createWeatherTool(settings),
  };
}
