import { booleanField, integerField, textField } from "./fields.js";

/** Settings of token metering and budgets (DynamoDB counters); `.meta()` as in core-fields. */
export const usageFields = {
  USAGE_METERING: booleanField(true).meta({
    description: "Record every answer's tokens per key, app, model and day, and enforce the token budgets",
  }),
  USAGE_TABLE: textField("aws-openai-usage").meta({
    description: "DynamoDB table of token counters per key, app, model and day",
  }),
  TOKEN_BUDGET_DAILY: integerField(0, 0, 1_000_000_000_000).meta({
    description: "Tokens a key may spend per UTC day (0: no budget)",
  }),
  TOKEN_BUDGET_MONTHLY: integerField(0, 0, 1_000_000_000_000).meta({
    description: "Tokens a key may spend per UTC month (0: no budget)",
  }),
};
