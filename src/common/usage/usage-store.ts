import { setTimeout as sleep } from "node:timers/promises";
import { type DynamoDbCaller, isConditionFailure } from "../aws/dynamodb-client.js";
import { fromItem, type PlainValue, toItem } from "../aws/dynamodb-values.js";
import { BudgetExceededError } from "../errors.js";
import { type Period, periodOf, secondsUntilReset } from "./periods.js";
import { type Reservation, type TokenNeed, unheldReservation } from "./reservation.js";
import {
  breakdownAttribute,
  breakdownOf,
  DAY_COMMITTED,
  MONTH_COMMITTED,
  TOTAL_SCOPE,
  USAGE_COUNTERS,
  USAGE_KEYS,
  type UsageCounter,
} from "./table.js";

/** Token budgets of one owner; 0 means none. */
export interface Budgets {
  day: number;
  month: number;
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
  /** Conditional retries when other requests move the counters in between. */
  reserveAttempts?: number;
}

type DayItem = Record<string, PlainValue>;

const DAY_ITEM_TTL_SECONDS = 100 * 86_400;
const UNPROCESSED_RETRY_MS = 50;
/** Owners whose day this process has seen carry the month's count, so their holds skip reading the month. */
const SEEDED_OWNERS_KEPT = 10_000;

/** The days of the month up to and including the day `now` falls in. */
function monthDaysThrough(now: number): Period[] {
  const date = new Date(now);
  return Array.from({ length: date.getUTCDate() }, (_, index) =>
    periodOf("day", Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), index + 1)),
  );
}

const counterOf = (item: DayItem | undefined, name: string) => Number(item?.[name] ?? 0);

function figures(item: DayItem | undefined): UsageFigures {
  return {
    prompt_tokens: counterOf(item, "prompt_tokens"),
    completion_tokens: counterOf(item, "completion_tokens"),
    requests: counterOf(item, "requests"),
    estimated_requests: counterOf(item, "estimated_requests"),
  };
}

function sum(items: UsageFigures[]): UsageFigures {
  const total = figures(undefined);
  for (const item of items) for (const counter of USAGE_COUNTERS) total[counter] += item[counter];
  return total;
}

/** Each app and model's counters on a day, in the order of their names. */
function breakdown(item: DayItem | undefined): UsageReport["by_app_model"] {
  const rows = new Map<string, UsageReport["by_app_model"][number]>();
  for (const [attribute, value] of Object.entries(item ?? {})) {
    const of = breakdownOf(attribute);
    if (!of) continue;
    const name = `${of.app}#${of.model}`;
    const row = rows.get(name) ?? { app: of.app, model: of.model, ...figures(undefined) };
    row[of.counter] = Number(value);
    rows.set(name, row);
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** What the month has committed up to a day: the day's own count once it has one, else the sum of its days. */
function monthCommitted(today: DayItem | undefined, monthDays: DayItem[]): number {
  if (today?.[MONTH_COMMITTED] !== undefined) return Number(today[MONTH_COMMITTED]);
  return monthDays.reduce((total, item) => total + counterOf(item, DAY_COMMITTED), 0);
}

/**
 * Tokens per owner and UTC day as atomic DynamoDB counters, in one item per owner and day (see
 * table.ts). Budgets bound `committed` (spent plus held): a request holds its worst case with one
 * conditional ADD before the model is called, checking the day's and the month's count in the same
 * write, and settles to the real figure after; so concurrent requests cannot together commit more
 * than a budget, and an answer without budgets costs one write.
 */
export class UsageStore {
  private readonly tableName: string;
  private readonly now: () => number;
  private readonly reserveAttempts: number;
  /** Owner → the day whose item this process knows to carry the month's count. */
  private readonly seeded = new Map<string, string>();

  constructor(
    private readonly dynamo: DynamoDbCaller,
    options: UsageStoreOptions,
  ) {
    this.tableName = options.tableName;
    this.now = options.now ?? Date.now;
    this.reserveAttempts = options.reserveAttempts ?? 5;
  }

  /** Holds the request's worst case against its budgets, cutting the answer's ceiling when one is nearly spent. */
  async reserve(owner: string, need: TokenNeed, budgets: Budgets): Promise<Reservation> {
    const unheld = unheldReservation(owner, need, this.now());
    if (budgets.day === 0 && budgets.month === 0) return unheld;
    return this.holdMore(unheld, need, budgets);
  }

  /**
   * Holds more for a further model call of the same request (a tool round, or a prompt that grew
   * with stored turns and plugins), on the request's day: the reservation comes back holding the
   * sum, its ceiling that of this call. Refused like `reserve` when not even the call's prompt fits.
   */
  async extend(reservation: Reservation, need: TokenNeed, budgets: Budgets): Promise<Reservation> {
    if (budgets.day === 0 && budgets.month === 0)
      return { ...reservation, maxCompletionTokens: need.maxCompletionTokens };
    return this.holdMore(reservation, need, budgets);
  }

  private async holdMore(reservation: Reservation, need: TokenNeed, budgets: Budgets): Promise<Reservation> {
    const now = this.now();
    const { owner, day } = reservation;
    const holdsMonth = budgets.month > 0;
    // A day that does not yet count its month starts from the month's earlier days.
    const monthBefore =
      holdsMonth && this.seeded.get(owner) !== day.key ? await this.monthSoFar(owner, day) : 0;
    let room = this.room(budgets, undefined, monthBefore);
    let amount = Math.min(need.promptTokens + need.maxCompletionTokens, room.left);
    for (let attempt = 0; attempt < this.reserveAttempts && amount > need.promptTokens; attempt++) {
      try {
        await this.hold(owner, day, budgets, amount, monthBefore);
        if (holdsMonth) this.markSeeded(owner, day);
        return {
          owner,
          day,
          held: reservation.held + amount,
          holdsMonth,
          maxCompletionTokens: amount - need.promptTokens,
        };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        room = this.room(budgets, await this.getDay(owner, day), monthBefore);
        amount = Math.min(amount, room.left);
      }
    }
    const period = room.binding === "month" ? periodOf("month", day.resetsAt - 1) : day;
    throw new BudgetExceededError(
      `The token budget for this ${period.kind} is spent.`,
      secondsUntilReset(period, now),
    );
  }

  /** Records the answer on the request's day and settles what it held to what it spent: one write. */
  async settle(reservation: Reservation, usage: AnsweredUsage): Promise<void> {
    const change = usage.promptTokens + usage.completionTokens - reservation.held;
    const counts: [UsageCounter, number][] = [
      ["prompt_tokens", usage.promptTokens],
      ["completion_tokens", usage.completionTokens],
      ["requests", 1],
      ["estimated_requests", usage.estimated ? 1 : 0],
    ];
    const names: Record<string, string> = { "#ttl": USAGE_KEYS.ttl };
    const values: Record<string, PlainValue> = {
      ":committed": change,
      ":ttl": this.expiry(reservation.day),
    };
    const adds = [`${DAY_COMMITTED} :committed`];
    if (reservation.holdsMonth) adds.push(`${MONTH_COMMITTED} :committed`);
    counts.forEach(([counter, value], index) => {
      names[`#by${index}`] = breakdownAttribute(usage.app, usage.model, counter);
      values[`:n${index}`] = value;
      adds.push(`${counter} :n${index}`, `#by${index} :n${index}`);
    });
    await this.dynamo.send("UpdateItem", {
      TableName: this.tableName,
      Key: this.key(reservation.owner, reservation.day),
      UpdateExpression: `ADD ${adds.join(", ")} SET #ttl = if_not_exists(#ttl, :ttl)`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    });
  }

  /** Gives back what a request held when it ends without an answer. */
  async release(reservation: Reservation): Promise<void> {
    if (reservation.held === 0) return;
    const adds = [`${DAY_COMMITTED} :released`];
    if (reservation.holdsMonth) adds.push(`${MONTH_COMMITTED} :released`);
    await this.dynamo.send("UpdateItem", {
      TableName: this.tableName,
      Key: this.key(reservation.owner, reservation.day),
      UpdateExpression: `ADD ${adds.join(", ")}`,
      ExpressionAttributeValues: toItem({ ":released": -reservation.held }),
    });
  }

  /** Today's figures with each app and model, and the month's: one read of the month's days. */
  async report(owner: string, budgets: Budgets): Promise<UsageReport> {
    const now = this.now();
    const day = periodOf("day", now);
    const days = await this.monthDays(owner, now);
    const today = days.get(day.key);
    const left = (budget: number, committed: number) => (budget > 0 ? Math.max(0, budget - committed) : null);
    return {
      today: {
        ...figures(today),
        budget: budgets.day,
        budget_left: left(budgets.day, counterOf(today, DAY_COMMITTED)),
      },
      month: {
        ...sum([...days.values()].map(figures)),
        budget: budgets.month,
        budget_left: left(budgets.month, monthCommitted(today, [...days.values()])),
      },
      by_app_model: breakdown(today),
    };
  }

  /**
   * Every owner's totals of today and this month: a scan of the table (the admin view only, rare;
   * its cost grows with the table, which TTL keeps to some months).
   */
  async owners(): Promise<OwnerUsage[]> {
    const now = this.now();
    const day = periodOf("day", now);
    const monthPrefix = day.key.slice(0, -2);
    const items = await this.scan({
      FilterExpression: "#scope = :total AND contains(#hash, :month)",
      ExpressionAttributeNames: { "#scope": USAGE_KEYS.range, "#hash": USAGE_KEYS.hash },
      ExpressionAttributeValues: toItem({ ":total": TOTAL_SCOPE, ":month": `#${monthPrefix}` }),
    });
    const owners = new Map<string, { today: DayItem | undefined; days: UsageFigures[] }>();
    for (const item of items) {
      const hash = String(item[USAGE_KEYS.hash]);
      const at = hash.lastIndexOf(`#${monthPrefix}`);
      if (at < 0) continue;
      const owner = hash.slice(0, at);
      const entry = owners.get(owner) ?? { today: undefined, days: [] };
      entry.days.push(figures(item));
      if (hash.endsWith(`#${day.key}`)) entry.today = item;
      owners.set(owner, entry);
    }
    return [...owners.entries()]
      .map(([owner, entry]) => ({ owner, today: figures(entry.today), month: sum(entry.days) }))
      .sort((a, b) => a.owner.localeCompare(b.owner));
  }

  /**
   * One conditional write holding `amount` on the day (and its month): the condition checks each
   * budgeted count has room for it. The month's count is started from `monthBefore` on the day's
   * first hold with a monthly budget.
   */
  private async hold(
    owner: string,
    day: Period,
    budgets: Budgets,
    amount: number,
    monthBefore: number,
  ): Promise<void> {
    const conditions: string[] = [];
    const values: Record<string, PlainValue> = { ":amount": amount, ":ttl": this.expiry(day) };
    const sets = ["#ttl = if_not_exists(#ttl, :ttl)"];
    if (budgets.day > 0) {
      conditions.push(`(attribute_not_exists(${DAY_COMMITTED}) OR ${DAY_COMMITTED} <= :dayRoom)`);
      values[":dayRoom"] = budgets.day - amount;
    }
    if (budgets.month > 0) {
      conditions.push(`(attribute_not_exists(${MONTH_COMMITTED}) OR ${MONTH_COMMITTED} <= :monthRoom)`);
      values[":monthRoom"] = budgets.month - amount;
      values[":before"] = monthBefore;
      sets.push(`${MONTH_COMMITTED} = if_not_exists(${MONTH_COMMITTED}, :before) + :amount`);
    }
    await this.dynamo.send("UpdateItem", {
      TableName: this.tableName,
      Key: this.key(owner, day),
      UpdateExpression: `ADD ${DAY_COMMITTED} :amount SET ${sets.join(", ")}`,
      ConditionExpression: conditions.join(" AND "),
      ExpressionAttributeNames: { "#ttl": USAGE_KEYS.ttl },
      ExpressionAttributeValues: toItem(values),
    });
  }

  /** What each budget has left, and which one binds: from the day's item as read, or before any read. */
  private room(
    budgets: Budgets,
    today: DayItem | undefined,
    monthBefore: number,
  ): { left: number; binding: "day" | "month" } {
    const dayLeft =
      budgets.day > 0 ? budgets.day - counterOf(today, DAY_COMMITTED) : Number.POSITIVE_INFINITY;
    const monthCount = today?.[MONTH_COMMITTED] !== undefined ? Number(today[MONTH_COMMITTED]) : monthBefore;
    const monthLeft = budgets.month > 0 ? budgets.month - monthCount : Number.POSITIVE_INFINITY;
    return monthLeft <= dayLeft ? { left: monthLeft, binding: "month" } : { left: dayLeft, binding: "day" };
  }

  /** The month's committed tokens up to and including the day, read from its days (the day's own count if it has one). */
  private async monthSoFar(owner: string, day: Period): Promise<number> {
    const days = await this.monthDays(owner, day.resetsAt - 1);
    const today = days.get(day.key);
    if (today?.[MONTH_COMMITTED] !== undefined) this.markSeeded(owner, day);
    return monthCommitted(today, [...days.values()]);
  }

  private markSeeded(owner: string, day: Period): void {
    if (this.seeded.size >= SEEDED_OWNERS_KEPT) this.seeded.clear();
    this.seeded.set(owner, day.key);
  }

  /** The items of the month's days up to the day, by day key: one BatchGetItem (a month has at most 31). */
  private async monthDays(owner: string, now: number): Promise<Map<string, DayItem>> {
    let keys = monthDaysThrough(now).map((period) => this.key(owner, period));
    const days = new Map<string, DayItem>();
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt === this.reserveAttempts)
        throw new Error(`DynamoDB left ${keys.length} day items of ${owner} unread`);
      // Keys left unprocessed mean the table is throttled: the next attempt waits a little longer.
      if (attempt > 0) await sleep(UNPROCESSED_RETRY_MS * 2 ** (attempt - 1));
      const answer = await this.dynamo.send("BatchGetItem", {
        RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
      });
      const responses = answer["Responses"] as Record<string, unknown[]> | undefined;
      for (const raw of responses?.[this.tableName] ?? []) {
        const item = fromItem(raw);
        days.set(String(item[USAGE_KEYS.hash]).slice(owner.length + 1), item);
      }
      const unprocessed = answer["UnprocessedKeys"] as Record<string, { Keys?: unknown[] }> | undefined;
      keys = (unprocessed?.[this.tableName]?.Keys ?? []) as typeof keys;
    }
    return days;
  }

  private async getDay(owner: string, day: Period): Promise<DayItem | undefined> {
    const answer = await this.dynamo.send("GetItem", {
      TableName: this.tableName,
      Key: this.key(owner, day),
      ConsistentRead: true,
    });
    return answer["Item"] === undefined ? undefined : fromItem(answer["Item"]);
  }

  /** Every item a Scan's filter lets through, page after page. */
  private async scan(input: Record<string, unknown>): Promise<DayItem[]> {
    const items: DayItem[] = [];
    let startKey: unknown;
    do {
      const page = await this.dynamo.send("Scan", {
        TableName: this.tableName,
        ...input,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      });
      const pageItems = page["Items"];
      if (Array.isArray(pageItems)) items.push(...pageItems.map(fromItem));
      startKey = page["LastEvaluatedKey"];
    } while (startKey !== undefined);
    return items;
  }

  private key(owner: string, day: Period) {
    return toItem({ [USAGE_KEYS.hash]: `${owner}#${day.key}`, [USAGE_KEYS.range]: TOTAL_SCOPE });
  }

  private expiry(day: Period): number {
    return Math.floor(day.resetsAt / 1000) + DAY_ITEM_TTL_SECONDS;
  }
}
