import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BudgetExceededError } from "../../src/common/errors.js";
import { createDynamoClient } from "../../src/common/memory/index.js";
import { type AnsweredUsage, type Budgets, UsageStore } from "../../src/common/usage/index.js";
import { type DynamoLocal, ensureUsageTable, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { emptyDir, testSettings } from "../support/settings.js";

const TABLE = "test-usage";
/** 2026-12-03 12:00 UTC: half a day to the daily reset, 28.5 days to the monthly one. */
const NOON = Date.UTC(2026, 11, 3, 12);
const NO_BUDGETS: Budgets = { day: 0, month: 0 };

let dynamo: DynamoLocal;
let documents: DynamoDBDocumentClient;
let owners = 0;

beforeAll(async () => {
  dynamo = await startDynamoLocal(emptyDir("usage-store-"));
  const { settings } = testSettings({ DYNAMODB_ENDPOINT: dynamo.url });
  const client = createDynamoClient(settings);
  await ensureUsageTable(client, TABLE);
  documents = DynamoDBDocumentClient.from(client);
});
afterAll(() => dynamo.close());

function storeAt(now = NOON): UsageStore {
  return new UsageStore(documents, { tableName: TABLE, now: () => now });
}
/** Each test spends as its own owner, so the counters start at zero. */
const freshOwner = () => `key-test-${++owners}`;

const answer = (
  app: string,
  promptTokens: number,
  completionTokens: number,
  estimated = false,
): AnsweredUsage => ({
  app,
  model: "gpt-4o-mini",
  promptTokens,
  completionTokens,
  estimated,
});

async function answerOnce(store: UsageStore, owner: string, budgets: Budgets, usage: AnsweredUsage) {
  const reservation = await store.reserve(
    owner,
    { promptTokens: usage.promptTokens, maxCompletionTokens: usage.completionTokens },
    budgets,
  );
  await store.settle(reservation, usage);
  return reservation;
}

describe("usage store on dynalite", () => {
  it("sums tokens exactly per period and per app and model, counting estimates apart", async () => {
    const store = storeAt();
    const owner = freshOwner();
    await answerOnce(store, owner, NO_BUDGETS, answer("translator", 30, 12));
    await answerOnce(store, owner, NO_BUDGETS, answer("translator", 7, 5, true));
    await answerOnce(store, owner, NO_BUDGETS, answer("weather", 100, 1));
    const report = await store.report(owner, NO_BUDGETS);
    expect(report.today).toEqual({
      prompt_tokens: 137,
      completion_tokens: 18,
      requests: 3,
      estimated_requests: 1,
      budget: 0,
      budget_left: null,
    });
    expect(report.month.prompt_tokens).toBe(137);
    expect(report.by_app_model).toEqual([
      {
        app: "translator",
        model: "gpt-4o-mini",
        prompt_tokens: 37,
        completion_tokens: 17,
        requests: 2,
        estimated_requests: 1,
      },
      {
        app: "weather",
        model: "gpt-4o-mini",
        prompt_tokens: 100,
        completion_tokens: 1,
        requests: 1,
        estimated_requests: 0,
      },
    ]);
  });

  it("keeps one owner's usage from another's", async () => {
    const store = storeAt();
    const spender = freshOwner();
    await answerOnce(store, spender, NO_BUDGETS, answer("translator", 10, 10));
    const other = await store.report(freshOwner(), NO_BUDGETS);
    expect(other.today.requests).toBe(0);
    expect(other.by_app_model).toEqual([]);
  });

  it("settles a hold to the real figure, so budget left counts what was spent, not what was held", async () => {
    const store = storeAt();
    const owner = freshOwner();
    const budgets = { day: 1_000, month: 0 };
    const reservation = await store.reserve(owner, { promptTokens: 50, maxCompletionTokens: 400 }, budgets);
    expect(reservation.held).toBe(450);
    expect((await store.report(owner, budgets)).today.budget_left).toBe(550);
    await store.settle(reservation, answer("translator", 50, 20));
    expect((await store.report(owner, budgets)).today.budget_left).toBe(930);
  });

  it("cuts the answer's ceiling to what the budget has left", async () => {
    const store = storeAt();
    const owner = freshOwner();
    const budgets = { day: 0, month: 500 };
    await answerOnce(store, owner, budgets, answer("translator", 100, 300));
    const reservation = await store.reserve(owner, { promptTokens: 40, maxCompletionTokens: 1_000 }, budgets);
    expect(reservation.maxCompletionTokens).toBe(60);
  });

  it("refuses a spent daily budget with the seconds to midnight UTC, and a spent month with the seconds to the 1st", async () => {
    const store = storeAt();
    const daily = freshOwner();
    await answerOnce(store, daily, { day: 100, month: 0 }, answer("translator", 40, 60));
    const dayRefusal = await store
      .reserve(daily, { promptTokens: 1, maxCompletionTokens: 10 }, { day: 100, month: 0 })
      .catch((error: unknown) => error);
    expect(dayRefusal).toBeInstanceOf(BudgetExceededError);
    expect((dayRefusal as BudgetExceededError).headers["Retry-After"]).toBe(String(12 * 3600));
    expect((dayRefusal as BudgetExceededError).toBody().error.type).toBe("budget_exceeded");

    const monthly = freshOwner();
    await answerOnce(store, monthly, { day: 0, month: 100 }, answer("translator", 50, 50));
    const monthRefusal = await store
      .reserve(monthly, { promptTokens: 1, maxCompletionTokens: 10 }, { day: 0, month: 100 })
      .catch((error: unknown) => error);
    expect((monthRefusal as BudgetExceededError).retryAfterSeconds).toBe(28 * 86_400 + 12 * 3600);
  });

  it("refuses when only the prompt would fit, and gives back the day's hold when the month refuses", async () => {
    const store = storeAt();
    const owner = freshOwner();
    const budgets = { day: 10_000, month: 200 };
    await answerOnce(store, owner, budgets, answer("translator", 100, 80));
    await expect(
      store.reserve(owner, { promptTokens: 20, maxCompletionTokens: 50 }, budgets),
    ).rejects.toThrow(BudgetExceededError);
    expect((await store.report(owner, budgets)).today.budget_left).toBe(10_000 - 180);
  });

  it("lets 20 concurrent requests commit no more than the budget", async () => {
    const store = storeAt();
    const owner = freshOwner();
    const budgets = { day: 1_000, month: 0 };
    const outcomes = await Promise.allSettled(
      // Each answer spends all it held, the worst case for the budget.
      Array.from({ length: 20 }, () => answerOnce(store, owner, budgets, answer("translator", 30, 70))),
    );
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    for (const outcome of refused) expect(outcome.reason).toBeInstanceOf(BudgetExceededError);
    const report = await store.report(owner, budgets);
    expect(report.today.prompt_tokens + report.today.completion_tokens).toBeLessThanOrEqual(1_000);
    expect(report.today.requests).toBe(10);
    expect(refused).toHaveLength(10);
  });
});
