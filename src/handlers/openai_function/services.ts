import type OpenAI from "openai";
import { type ConversationsOnDemand, conversationsOnDemand } from "../../common/memory/on-demand.js";
import type { LoadedSettings } from "../../common/settings/load.js";
import { type CoreServices, coreServices } from "../../services/core.js";
import { createOpenAIClient } from "../../services/openai-client.js";
import { createPluginStore, type PluginStore } from "./plugins/plugin-store.js";
import type { Tool } from "./tools/tool.js";
import { createWeatherTool } from "./tools/weather/weather-tool.js";

export interface FunctionServices extends CoreServices {
  openai: OpenAI;
  plugins: PluginStore;
  weather: Tool;
  conversations: ConversationsOnDemand;
}

export function functionServices(loaded: LoadedSettings): FunctionServices {
  const core = coreServices(loaded);
  const { settings, logger } = core;
  return {
    ...core,
    openai: createOpenAIClient(settings),
    plugins: createPluginStore(settings, logger),
    weather: createWeatherTool(settings),
    conversations: conversationsOnDemand(settings, core.tracing),
  };
}
