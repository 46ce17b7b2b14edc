import { type ConversationsOnDemand, conversationsOnDemand } from "../../common/memory/on-demand.js";
import type { LoadedSettings } from "../../common/settings/load.js";
import { type CoreServices, coreServices } from "../../services/core.js";
import { type ChatModels, createChatModels } from "./chat-model.js";

export interface LangchainServices extends CoreServices {
  chatModels: ChatModels;
  conversations: ConversationsOnDemand;
}

export function langchainServices(loaded: LoadedSettings): LangchainServices {
  const core = coreServices(loaded);
  const { settings } = core;
  return {
    ...core,
    chatModels: createChatModels(settings),
    conversations: conversationsOnDemand(settings, core.tracing),
  };
}
