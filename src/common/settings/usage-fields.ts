import { z } from "zod";
import { parseBudgetOverrides } from "../usage/budget-overrides.js";
import { booleanField, integerField, secretField, textField } from "./fields.js";

const budgetOverridesField = () =>
  z
    .string()
    .optional()
    .transform((text, context) => {
      const parsed = parseBudgetOverrides(text ?? "");
      if (parsed.ok) return parsed.overrides;
      context.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    });

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
  TOKEN_BUDGET_OVERRIDES: budgetOverridesField().meta({
    description:
      "Budgets of single keys instead of the two above: `<key id>=<daily>/<monthly>`, comma-separated (the key id as `/usage` names it; 0: no budget)",
    unset: "none",
  }),
  ADMIN_API_KEY: secretField().meta({
    description: "Sent as `X-Admin-Key` to `GET /usage?scope=all`, it shows every key's usage",
    unset: "no admin view",
  }),
};
