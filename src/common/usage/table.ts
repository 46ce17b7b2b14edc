import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The usage table's layout, a table of its own beside the conversations: one item per owner and UTC
 * day (`<owner>#day#2026-12-03`) holding the day's totals, each app and model's counters as
 * attributes of their own, what the day has committed against budgets and, with a monthly budget,
 * what the month has. One write records an answer; a month is the sum of its days.
 */
export const USAGE_KEYS = {
  /** `<owner>#day#<date>` */
  hash: "owner_period",
  /** Always `total`: the key schema of the first layout, kept so that tables made before still work. */
  range: "scope",
  /** Epoch seconds; day items expire some months after their day. */
  ttl: "expires_at",
} as const;

export const TOTAL_SCOPE = "total";

/** The counters of a day, and of each app and model on it. */
export const USAGE_COUNTERS = [
  "prompt_tokens",
  "completion_tokens",
  "requests",
  "estimated_requests",
] as const;

export type UsageCounter = (typeof USAGE_COUNTERS)[number];

/** Spent plus held today, what the daily budget bounds. */
export const DAY_COMMITTED = "committed";

/** Spent plus held this month up to now, what the monthly budget bounds: set once the month has a budget. */
export const MONTH_COMMITTED = "month_committed";

const BREAKDOWN_PREFIX = "by#";

/**
 * The day item's attribute counting one app and model: `by#<app>#<model>#<counter>`. App names
 * (catalog slugs and route names) hold no `#`; a model id may, so the model is what lies between.
 */
export function breakdownAttribute(app: string, model: string, counter: UsageCounter): string {
  return `${BREAKDOWN_PREFIX}${app}#${model}#${counter}`;
}

/** The app, model and counter an attribute of the day item counts, or undefined for any other attribute. */
export function breakdownOf(
  attribute: string,
): { app: string; model: string; counter: UsageCounter } | undefined {
  if (!attribute.startsWith(BREAKDOWN_PREFIX)) return undefined;
  const counter = USAGE_COUNTERS.find((name) => attribute.endsWith(`#${name}`));
  if (!counter) return undefined;
  const appAndModel = attribute.slice(BREAKDOWN_PREFIX.length, -(counter.length + 1));
  const split = appAndModel.indexOf("#");
  if (split < 0) return undefined;
  return { app: appAndModel.slice(0, split), model: appAndModel.slice(split + 1), counter };
}

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
