import { parseBudgetOverrides } from "../usage/budget-overrides.js";
import * as z from "../zod.js";
import { booleanField, integerField, secretField, textField } from "./fields.js";

const budgetOverridesField = () =>
  z.pipe(
    z.optional(z.string()),
    z.transform((text, context) => {
      const parsed = parseBudgetOverrides(text ?? "");
      if (parsed.ok) return parsed.overrides;
      context.issues.push({ code: "custom", message: parsed.error, input: text });
      return z.NEVER;
    }),
  );

/** Settings of token metering and budgets (DynamoDB counters); metadata as in core-fields. */
export const usageFields = {
  USAGE_METERING: booleanField(true).register(z.globalRegistry, {
    description: "Record every answer's tokens per key, app, model and day, and enforce the token budgets",
  }),
  USAGE_TABLE: textField("aws-openai-usage").register(z.globalRegistry, {
    description: "DynamoDB table of token counters per key, app, model and day",
  }),
  TOKEN_BUDGET_DAILY: integerField(0, 0, 1_000_000_000_000).register(z.globalRegistry, {
    description: "Tokens a key may spend per UTC day (0: no budget)",
  }),
  TOKEN_BUDGET_MONTHLY: integerField(0, 0, 1_000_000_000_000).register(z.globalRegistry, {
    description: "Tokens a key may spend per UTC month (0: no budget)",
  }),
  TOKEN_BUDGET_OVERRIDES: budgetOverridesField().register(z.globalRegistry, {
    description:
      "Budgets of single keys instead of the two above: `<key id>=<daily>/<monthly>`, comma-separated (the key id as `/usage` names it; 0: no budget)",
    unset: "none",
  }),
  ADMIN_API_KEY: secretField().register(z.globalRegistry, {
    description: "Sent as `X-Admin-Key` to `GET /usage?scope=all`, it shows every key's usage",
    unset: "no admin view",
  }),
};
