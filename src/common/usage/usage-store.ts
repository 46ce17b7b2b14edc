import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateScan,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { BudgetExceededError } from "../errors.js";
import { type Period, type PeriodKind, periodOf, secondsUntilReset } from "./periods.js";
import { TOTAL_SCOPE, USAGE_KEYS } from "./table.js";

/** Token budgets of one owner; 0 means none. */
export interface Budgets {
  day: number;
  month: number;
}

export interface TokenNeed {
  /** The prompt's size as estimated before the call. */
  promptTokens: number;
  /** The most the answer may take (the request's max_tokens, or the service's ceiling). */
  maxCompletionTokens: number;
}

/** Tokens held against the budgets until the answer's real usage is known. */
export interface Reservation {
  owner: string;
  /** Tokens held in each budgeted period. */
  held: number;
  periods: Period[];
  /** The answer's ceiling after the budget: lower than asked when the budget is nearly spent. */
  maxCompletionTokens: number;
}

export interface AnsweredUsage {
  app: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** The upstream reported no usage; the figures are estimates. */
  estimated: boolean;
}

export interface UsageFigures {
  prompt_tokens: number;
  completion_tokens: number;
  requests: number;
  estimated_requests: number;
}

export interface UsageReport {
  today: UsageFigures & { budget: number; budget_left: number | null };
  month: UsageFigures & { budget: number; budget_left: number | null };
  by_app_model: (UsageFigures & { app: string; model: string })[];
}

/** One owner's totals in the admin view. */
export interface OwnerUsage {
  owner: string;
  today: UsageFigures;
  month: UsageFigures;
}

export interface UsageStoreOptions {
  tableName: string;
  now?: () => number;
  /** Conditional retries when other requests move the counter in between. */
  reserveAttempts?: number;
}

const DAY_ITEM_TTL_SECONDS = 100 * 86_400;
const MONTH_ITEM_TTL_SECONDS = 400 * 86_400;

/**
 * Tokens per owner, app, model and day as atomic DynamoDB counters. A budgeted period holds a
 * `committed` counter (spent plus held): a request holds its worst case with a conditional ADD before
 * the model is called and settles to the real figure after, so concurrent requests cannot together
 * commit more than the budget.
 */
export class UsageStore {
  private readonly tableName: string;
  private readonly now: () => number;
  private readonly reserveAttempts: number;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    options: UsageStoreOptions,
  ) {
    this.tableName = options.tableName;
    this.now = options.now ?? Date.now;
    this.reserveAttempts = options.reserveAttempts ?? 5;
  }

  /** Holds the request's worst case against each budget, cutting the answer's ceiling when the budget is nearly spent. */
  async reserve(owner: string, need: TokenNeed, budgets: Budgets): Promise<Reservation> {
    const now = this.now();
    const budgeted = (["day", "month"] as const)
      .filter((kind) => budgets[kind] > 0)
      .map((kind) => ({ period: periodOf(kind, now), limit: budgets[kind] }));
    let held = need.promptTokens + need.maxCompletionTokens;
    const holding: Period[] = [];
    for (const { period, limit } of budgeted) {
      const granted = await this.hold(owner, period, limit, Math.min(held, limit), need.promptTokens);
      if (granted === undefined) {
        await Promise.all(holding.map((earlier) => this.addCommitted(owner, earlier, -held)));
        throw new BudgetExceededError(
          `The token budget for this ${period.kind} is spent.`,
          secondsUntilReset(period, now),
        );
      }
      if (granted < held) {
        await Promise.all(holding.map((earlier) => this.addCommitted(owner, earlier, granted - held)));
      }
      held = granted;
      holding.push(period);
    }
    return {
      owner,
      held: holding.length > 0 ? held : 0,
      periods: holding,
      maxCompletionTokens: held - need.promptTokens,
    };
  }

  /** Releases what was held and records the answer's real usage: three counter writes. */
  async settle(reservation: Reservation, usage: AnsweredUsage): Promise<void> {
    const now = this.now();
    const spent = usage.promptTokens + usage.completionTokens;
    const day = periodOf("day", now);
    const month = periodOf("month", now);
    const heldIn = (period: Period) =>
      reservation.periods.some((held) => held.key === period.key) ? reservation.held : 0;
    await Promise.all([
      this.record(reservation.owner, day, TOTAL_SCOPE, usage, spent - heldIn(day)),
      this.record(reservation.owner, month, TOTAL_SCOPE, usage, spent - heldIn(month)),
      this.record(reservation.owner, day, `${usage.app}#${usage.model}`, usage, 0),
    ]);
  }

  /** Gives back what a request held when it ends without an answer. */
  async release(reservation: Reservation): Promise<void> {
    if (reservation.held === 0) return;
    await Promise.all(
      reservation.periods.map((period) => this.addCommitted(reservation.owner, period, -reservation.held)),
    );
  }

  async report(owner: string, budgets: Budgets): Promise<UsageReport> {
    const now = this.now();
    const day = periodOf("day", now);
    const month = periodOf("month", now);
    const [dayItems, monthItem] = await Promise.all([
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "#hash = :hash",
          ExpressionAttributeNames: { "#hash": USAGE_KEYS.hash },
          ExpressionAttributeValues: { ":hash": `${owner}#${day.key}` },
          ConsistentRead: true,
        }),
      ),
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [USAGE_KEYS.hash]: `${owner}#${month.key}`, [USAGE_KEYS.range]: TOTAL_SCOPE },
          ConsistentRead: true,
        }),
      ),
    ]);
    const items = dayItems.Items ?? [];
    const dayTotal = items.find((item) => item[USAGE_KEYS.range] === TOTAL_SCOPE);
    const withBudget = (item: Record<string, unknown> | undefined, kind: PeriodKind) => {
      const committed = Number(item?.["committed"] ?? 0);
      return {
        ...figures(item),
        budget: budgets[kind],
        budget_left: budgets[kind] > 0 ? Math.max(0, budgets[kind] - committed) : null,
      };
    };
    return {
      today: withBudget(dayTotal, "day"),
      month: withBudget(monthItem.Item, "month"),
      by_app_model: items
        .filter((item) => item[USAGE_KEYS.range] !== TOTAL_SCOPE)
        .map((item) => {
          const [app = "", model = ""] = String(item[USAGE_KEYS.range]).split("#");
          return { app, model, ...figures(item) };
        }),
    };
  }

  /**
   * Every owner's totals of today and this month: a scan of the table (the admin view only, rare;
   * its cost grows with the table, which TTL keeps to some months).
   */
  async owners(): Promise<OwnerUsage[]> {
    const now = this.now();
    const periods = [periodOf("day", now), periodOf("month", now)];
    const owners = new Map<string, OwnerUsage>();
    const pages = paginateScan(
      { client: this.documents },
      {
        TableName: this.tableName,
        FilterExpression: "#scope = :total AND (contains(#hash, :day) OR contains(#hash, :month))",
        ExpressionAttributeNames: { "#scope": USAGE_KEYS.range, "#hash": USAGE_KEYS.hash },
        ExpressionAttributeValues: {
          ":total": TOTAL_SCOPE,
          ":day": `#${periods[0]?.key}`,
          ":month": `#${periods[1]?.key}`,
        },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) {
        const hash = String(item[USAGE_KEYS.hash]);
        const period = periods.find((candidate) => hash.endsWith(`#${candidate.key}`));
        if (!period) continue;
        const owner = hash.slice(0, -(period.key.length + 1));
        const entry = owners.get(owner) ?? { owner, today: figures(undefined), month: figures(undefined) };
        entry[period.kind === "day" ? "today" : "month"] = figures(item);
        owners.set(owner, entry);
      }
    return [...owners.values()].sort((a, b) => a.owner.localeCompare(b.owner));
  }

  /** Holds `wanted` tokens, or what is left if that is more than the prompt; undefined when nothing is. */
  private async hold(
    owner: string,
    period: Period,
    limit: number,
    wanted: number,
    promptTokens: number,
  ): Promise<number | undefined> {
    let amount = wanted;
    for (let attempt = 0; attempt < this.reserveAttempts; attempt++) {
      if (amount <= promptTokens) return undefined;
      try {
        await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: this.key(owner, period, TOTAL_SCOPE),
            UpdateExpression: "ADD committed :amount SET #ttl = if_not_exists(#ttl, :ttl)",
            ConditionExpression: "attribute_not_exists(committed) OR committed <= :room",
            ExpressionAttributeNames: { "#ttl": USAGE_KEYS.ttl },
            ExpressionAttributeValues: {
              ":amount": amount,
              ":room": limit - amount,
              ":ttl": this.expiry(period),
            },
          }),
        );
        return amount;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const current = await this.documents.send(
          new GetCommand({
            TableName: this.tableName,
            Key: this.key(owner, period, TOTAL_SCOPE),
            ConsistentRead: true,
          }),
        );
        amount = Math.min(amount, limit - Number(current.Item?.["committed"] ?? 0));
      }
    }
    return undefined;
  }

  private async addCommitted(owner: string, period: Period, amount: number): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(owner, period, TOTAL_SCOPE),
        UpdateExpression: "ADD committed :amount",
        ExpressionAttributeValues: { ":amount": amount },
      }),
    );
  }

  private async record(
    owner: string,
    period: Period,
    scope: string,
    usage: AnsweredUsage,
    committedChange: number,
  ): Promise<void> {
    const counting = scope === TOTAL_SCOPE;
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(owner, period, scope),
        UpdateExpression: `ADD prompt_tokens :prompt, completion_tokens :completion, requests :one, estimated_requests :estimated${counting ? ", committed :committed" : ""} SET #ttl = if_not_exists(#ttl, :ttl)`,
        ExpressionAttributeNames: { "#ttl": USAGE_KEYS.ttl },
        ExpressionAttributeValues: {
          ":prompt": usage.promptTokens,
          ":completion": usage.completionTokens,
          ":one": 1,
          ":estimated": usage.estimated ? 1 : 0,
          ":ttl": this.expiry(period),
          ...(counting ? { ":committed": committedChange } : {}),
        },
      }),
    );
  }

  private key(owner: string, period: Period, scope: string): Record<string, string> {
    return { [USAGE_KEYS.hash]: `${owner}#${period.key}`, [USAGE_KEYS.range]: scope };
  }

  private expiry(period: Period): number {
    const keep = period.kind === "day" ? DAY_ITEM_TTL_SECONDS : MONTH_ITEM_TTL_SECONDS;
    return Math.floor(period.resetsAt / 1000) + keep;
  }
}

function figures(item: Record<string, unknown> | undefined): UsageFigures {
  const count = (field: keyof UsageFigures) => Number(item?.[field] ?? 0);
  return {
    prompt_tokens: count("prompt_tokens"),
    completion_tokens: count("completion_tokens"),
    requests: count("requests"),
    estimated_requests: count("estimated_requests"),
  };
}
