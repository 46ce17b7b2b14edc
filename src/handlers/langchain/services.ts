import { type Conversations, createConversations, createDynamoClient } from "../../common/memory/index.js";
import type { LoadedSettings } from "../../common/settings/load.js";
import { type CoreServices, coreServices } from "../../services/core.js";
import { type ChatModels, createChatModels } from "./chat-model.js";

export interface LangchainServices extends CoreServices {
  chatModels: ChatModels;
  conversations: Conversations;
}

export function langchainServices(loaded: LoadedSettings): LangchainServices {
  const core = coreServices(loaded);
  const { settings } = core;
  return {
    ...core,
    chatModels: createChatModels(settings),
    conversations: createConversations(createDynamoClient(settings), settings),
  };
}
