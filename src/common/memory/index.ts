import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Settings } from "../settings/index.js";
import { ConversationDirectory } from "./conversation-directory.js";
import { ConversationStore } from "./conversation-store.js";
import { TurnWriter } from "./turn-writer.js";

export {
  ConversationDirectory,
  type ConversationSummary,
  type SummaryPage,
  type SummaryState,
  titleOf,
} from "./conversation-directory.js";
export { ConversationStore, type RecentTurns, type TurnPage } from "./conversation-store.js";
export { createDynamoClient } from "./dynamo-client.js";
export { ConversationStoreError } from "./errors.js";
export { notFound } from "./not-found.js";
export type { ConversationMessage, StoredTurn } from "./stored-turn.js";
export { estimateTokens, type HistoryBudget, trimHistory } from "./trim.js";
export { type TurnOwner, TurnWriter } from "./turn-writer.js";

/** A conversation's messages, its summary (owner, title, turns), and how a turn is stored in both. */
export interface Conversations {
  store: ConversationStore;
  directory: ConversationDirectory;
  writer: TurnWriter;
}

/** The conversation store these settings describe, over a DynamoDB client of the same cold start. */
export function createConversations(client: DynamoDBClient, settings: Settings): Conversations {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const options = { tableName: settings.MEMORY_TABLE, ttlDays: settings.MEMORY_TTL_DAYS };
  const store = new ConversationStore(documents, options);
  const directory = new ConversationDirectory(documents, options);
  return { store, directory, writer: new TurnWriter(store, directory, options) };
}
