import type { Budgets } from "./usage-store.js";

/** Largest budget a setting may name, as TOKEN_BUDGET_DAILY allows. */
const MAX_BUDGET = 1_000_000_000_000;

/** Budgets by owner; a plain object, so the diagnostics dump shows it. */
export type BudgetOverrides = Readonly<Record<string, Budgets>>;

export type ParsedOverrides = { ok: true; overrides: BudgetOverrides } | { ok: false; error: string };

/**
 * `TOKEN_BUDGET_OVERRIDES`: comma-separated `<owner>=<daily>/<monthly>` entries, the owner as `/usage`
 * names it (the API key's id), each budget a whole number of tokens, 0 for none. `key-1a2b=5000/100000`.
 */
export function parseBudgetOverrides(text: string): ParsedOverrides {
  const overrides = new Map<string, Budgets>();
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const [index, entry] of entries.entries()) {
    const match = /^([^=\s/,]+)=(\d{1,13})\/(\d{1,13})$/.exec(entry);
    const [, owner, day, month] = match ?? [];
    if (owner === undefined || day === undefined || month === undefined)
      return { ok: false, error: `entry ${index + 1} ('${entry}'): expected <key id>=<daily>/<monthly>` };
    const budgets = { day: Number(day), month: Number(month) };
    if (budgets.day > MAX_BUDGET || budgets.month > MAX_BUDGET)
      return { ok: false, error: `entry ${index + 1} ('${entry}'): a budget is at most ${MAX_BUDGET}` };
    if (overrides.has(owner)) return { ok: false, error: `entry ${index + 1}: '${owner}' is named twice` };
    overrides.set(owner, budgets);
  }
  return { ok: true, overrides: Object.fromEntries(overrides) };
}

/** The owner's own budgets when the overrides name it, else the defaults. */
export function budgetsFor(owner: string, overrides: BudgetOverrides, defaults: Budgets): Budgets {
  return Object.hasOwn(overrides, owner) ? (overrides[owner] ?? defaults) : defaults;
}
