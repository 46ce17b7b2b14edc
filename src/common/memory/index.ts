import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Settings } from "../settings/index.js";
import { ConversationDirectory } from "./conversation-directory.js";
import { ConversationStore } from "./conversation-store.js";

export {
  ConversationDirectory,
  type ConversationSummary,
  notFound,
  type SummaryPage,
  type TurnRecord,
  titleOf,
} from "./conversation-directory.js";
export { ConversationStore, type RecentTurns, type TurnPage } from "./conversation-store.js";
export { createDynamoClient } from "./dynamo-client.js";
export { ConversationStoreError } from "./errors.js";
export type { ConversationMessage, StoredTurn } from "./stored-turn.js";
export { estimateTokens, type HistoryBudget, trimHistory } from "./trim.js";

/** A conversation's messages and its summary (owner, title, turns), in the one memory table. */
export interface Conversations {
  store: ConversationStore;
  directory: ConversationDirectory;
}

/** The conversation store these settings describe, over a DynamoDB client of the same cold start. */
export function createConversations(client: DynamoDBClient, settings: Settings): Conversations {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const options = { tableName: settings.MEMORY_TABLE, ttlDays: settings.MEMORY_TTL_DAYS };
  return {
    store: new ConversationStore(documents, options),
    directory: new ConversationDirectory(documents, options),
  };
}
