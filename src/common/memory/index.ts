import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Settings } from "../settings/index.js";
import { ConversationStore } from "./conversation-store.js";

export { ConversationStore, type RecentTurns, type TurnPage } from "./conversation-store.js";
export { createDynamoClient } from "./dynamo-client.js";
export { ConversationStoreError } from "./errors.js";
export type { ConversationMessage, StoredTurn } from "./stored-turn.js";
export { estimateTokens, type HistoryBudget, trimHistory } from "./trim.js";

/** The conversation store these settings describe, over a DynamoDB client of the same cold start. */
export function createConversationStore(client: DynamoDBClient, settings: Settings): ConversationStore {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return new ConversationStore(documents, {
    tableName: settings.MEMORY_TABLE,
    ttlDays: settings.MEMORY_TTL_DAYS,
  });
}
