import type { Settings } from "../settings/index.js";
import { ConversationStore } from "./conversation-store.js";
import { getDocumentClient } from "./dynamo-client.js";

export { ConversationStore, type RecentTurns, type TurnPage } from "./conversation-store.js";
export { ConversationStoreError } from "./errors.js";
export type { ConversationMessage, StoredTurn } from "./stored-turn.js";
export { estimateTokens, type HistoryBudget, trimHistory } from "./trim.js";

const stores = new WeakMap<Settings, ConversationStore>();

/** The conversation store these settings describe, one per settings object. */
export function getConversationStore(settings: Settings): ConversationStore {
  let store = stores.get(settings);
  if (!store) {
    store = new ConversationStore(getDocumentClient(settings), {
      tableName: settings.MEMORY_TABLE,
      ttlDays: settings.MEMORY_TTL_DAYS,
    });
    stores.set(settings, store);
  }
  return store;
}
