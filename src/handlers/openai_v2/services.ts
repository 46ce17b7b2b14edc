import type OpenAI from "openai";
import { type ConversationsOnDemand, conversationsOnDemand } from "../../common/memory/on-demand.js";
import type { LoadedSettings } from "../../common/settings/load.js";
import { type CoreServices, coreServices } from "../../services/core.js";
import { createOpenAIClient } from "../../services/openai-client.js";

export interface OpenAIV2Services extends CoreServices {
  openai: OpenAI;
  conversations: ConversationsOnDemand;
}

export function openAIV2Services(loaded: LoadedSettings): OpenAIV2Services {
  const core = coreServices(loaded);
  const { settings } = core;
  return {
    ...core,
    openai: createOpenAIClient(settings),
    conversations: conversationsOnDemand(settings, core.tracing),
  };
}
