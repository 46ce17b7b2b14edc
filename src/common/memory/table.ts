import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The conversation table's layout: one item per message, the conversation id as hash key and a
 * number that orders the messages as range key. The Terraform stack declares the same names.
 */
export const MEMORY_KEYS = {
  hash: "conversation_id",
  range: "seq",
  /** Epoch seconds; DynamoDB's TTL process deletes the item some time after it passes. */
  ttl: "expires_at",
} as const;

/** Each conversation's summary item (owner, title, turn count) sits at this seq, before its messages. */
export const SUMMARY_SEQ = 0;

/** The sparse index of summary items by owner, newest first: the caller's list without a scan. */
export const OWNER_INDEX = "by_owner";

/** The table as the local runner (and the tests) create it; in AWS, Terraform creates it. */
export function memoryTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: MEMORY_KEYS.hash, AttributeType: "S" },
      { AttributeName: MEMORY_KEYS.range, AttributeType: "N" },
      { AttributeName: "owner", AttributeType: "S" },
      { AttributeName: "updated_at", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: MEMORY_KEYS.hash, KeyType: "HASH" },
      { AttributeName: MEMORY_KEYS.range, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: OWNER_INDEX,
        KeySchema: [
          { AttributeName: "owner", KeyType: "HASH" },
          { AttributeName: "updated_at", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  };
}
