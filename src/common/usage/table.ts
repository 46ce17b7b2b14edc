import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The usage table's layout, a table of its own beside the conversations: one item per owner and
 * period ("day#2026-12-03", "month#2026-12") holding the period's totals, and one per owner, day, app
 * and model for the breakdown. Every write is an atomic `ADD`, so no read precedes it.
 */
export const USAGE_KEYS = {
  /** `<owner>#<period>` */
  hash: "owner_period",
  /** `total`, or `<app>#<model>` */
  range: "scope",
  /** Epoch seconds; day items expire after some weeks, month items after some months. */
  ttl: "expires_at",
} as const;

export const TOTAL_SCOPE = "total";

/** The table as the local runner (and the tests) create it; in AWS, Terraform creates it. */
export function usageTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: USAGE_KEYS.hash, AttributeType: "S" },
      { AttributeName: USAGE_KEYS.range, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: USAGE_KEYS.hash, KeyType: "HASH" },
      { AttributeName: USAGE_KEYS.range, KeyType: "RANGE" },
    ],
  };
}
