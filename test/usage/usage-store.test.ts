import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DynamoDbCaller } from "../../src/common/aws/dynamodb-client.js";
import { BudgetExceededError } from "../../src/common/errors.js";
import { createDynamoClient } from "../../src/common/memory/index.js";
import {
  type AnsweredUsage,
  type Budgets,
  UsageStore,
  usageDynamoDbClient,
} from "../../src/common/usage/index.js";
import { type DynamoLocal, ensureUsageTable, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { emptyDir, testSettings } from "../support/settings.js";

const TABLE = "test-usage";
/** 2026-12-03 12:00 UTC: half a day to the daily reset, 28.5 days to the monthly one. */
const NOON = Date.UTC(2026, 11, 3, 12);
const NO_BUDGETS: Budgets = { day: 0, month: 0 };

let dynamo: DynamoLocal;
let dynamoDb: DynamoDbCaller;
let owners = 0;

beforeAll(async () => {
  dynamo = await startDynamoLocal(emptyDir("usage-store-"));
  const { settings } = testSettings({ DYNAMODB_ENDPOINT: dynamo.url });
  const client = createDynamoClient(settings);
  await ensureUsageTable(client, TABLE);
  client.destroy();
  dynamoDb = await usageDynamoDbClient(settings, {});
});
afterAll(() => dynamo.close());

function storeAt(now = NOON, caller: DynamoDbCaller = dynamoDb): UsageStore {
  return new UsageStore(caller, { tableName: TABLE, now: () => now });
}

/** The store's DynamoDB calls by operation, in order. */
function countingCaller(): { caller: DynamoDbCaller; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    caller: {
      send: (operation, input) => {
        calls.push(operation);
        return dynamoDb.send(operation, input);
      },
    },
  };
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

  it("records an answer without budgets in one write, and one with budgets in a hold and a settle", async () => {
    const { caller, calls } = countingCaller();
    const store = storeAt(NOON, caller);
    const owner = freshOwner();
    await answerOnce(store, owner, NO_BUDGETS, answer("translator", 10, 10));
    expect(calls).toEqual(["UpdateItem"]);
    calls.length = 0;
    const budgets = { day: 10_000, month: 100_000 };
    await answerOnce(store, owner, budgets, answer("translator", 10, 10));
    // The day's first hold with a monthly budget reads the month's earlier days, once.
    expect(calls).toEqual(["BatchGetItem", "UpdateItem", "UpdateItem"]);
    calls.length = 0;
    await answerOnce(store, owner, budgets, answer("translator", 10, 10));
    expect(calls).toEqual(["UpdateItem", "UpdateItem"]);
    expect((await store.report(owner, budgets)).month.budget_left).toBe(100_000 - 60);
  });

  it("counts a month's earlier days against a monthly budget set in the middle of it", async () => {
    const owner = freshOwner();
    await answerOnce(storeAt(Date.UTC(2026, 11, 1, 9)), owner, NO_BUDGETS, answer("translator", 300, 200));
    await answerOnce(storeAt(Date.UTC(2026, 11, 2, 9)), owner, NO_BUDGETS, answer("weather", 100, 100));
    // Last month's spending is not this month's.
    await answerOnce(storeAt(Date.UTC(2026, 10, 30, 9)), owner, NO_BUDGETS, answer("translator", 5_000, 0));
    const budgets = { day: 0, month: 1_000 };
    const store = storeAt();
    const reservation = await store.reserve(
      owner,
      { promptTokens: 100, maxCompletionTokens: 1_000 },
      budgets,
    );
    expect(reservation.maxCompletionTokens).toBe(200);
    await store.settle(reservation, answer("translator", 100, 200));
    const report = await store.report(owner, budgets);
    expect(report.month).toMatchObject({
      prompt_tokens: 500,
      completion_tokens: 500,
      requests: 3,
      budget_left: 0,
    });
    expect(report.today).toMatchObject({ prompt_tokens: 100, completion_tokens: 200, requests: 1 });
    await expect(store.reserve(owner, { promptTokens: 1, maxCompletionTokens: 1 }, budgets)).rejects.toThrow(
      BudgetExceededError,
    );
  });

  it("counts an answer that ends after midnight on the day it was asked", async () => {
    const owner = freshOwner();
    const budgets = { day: 1_000, month: 0 };
    let now = Date.UTC(2026, 11, 3, 23, 59, 59);
    const store = new UsageStore(dynamoDb, { tableName: TABLE, now: () => now });
    const reservation = await store.reserve(owner, { promptTokens: 50, maxCompletionTokens: 500 }, budgets);
    now = Date.UTC(2026, 11, 4, 0, 0, 5);
    await store.settle(reservation, answer("translator", 50, 100));
    expect((await storeAt(Date.UTC(2026, 11, 3, 23)).report(owner, budgets)).today).toMatchObject({
      requests: 1,
      budget_left: 850,
    });
    expect((await store.report(owner, budgets)).today).toMatchObject({ requests: 0, budget_left: 1_000 });
  });

  it("gives back a hold released without an answer", async () => {
    const store = storeAt();
    const owner = freshOwner();
    const budgets = { day: 1_000, month: 5_000 };
    const reservation = await store.reserve(owner, { promptTokens: 100, maxCompletionTokens: 400 }, budgets);
    expect((await store.report(owner, budgets)).today.budget_left).toBe(500);
    await store.release(reservation);
    const report = await store.report(owner, budgets);
    expect(report.today).toMatchObject({ requests: 0, budget_left: 1_000 });
    expect(report.month.budget_left).toBe(5_000);
  });

  it("lists every owner's today and month in the admin view", async () => {
    const first = freshOwner();
    const second = freshOwner();
    await answerOnce(storeAt(Date.UTC(2026, 11, 1, 9)), first, NO_BUDGETS, answer("translator", 1, 2));
    await answerOnce(storeAt(), first, NO_BUDGETS, answer("translator", 10, 20));
    await answerOnce(storeAt(), second, NO_BUDGETS, answer("weather", 3, 4));
    const listed = (await storeAt().owners()).filter((entry) => [first, second].includes(entry.owner));
    expect(listed).toEqual([
      {
        owner: first,
        today: { prompt_tokens: 10, completion_tokens: 20, requests: 1, estimated_requests: 0 },
        month: { prompt_tokens: 11, completion_tokens: 22, requests: 2, estimated_requests: 0 },
      },
      {
        owner: second,
        today: { prompt_tokens: 3, completion_tokens: 4, requests: 1, estimated_requests: 0 },
        month: { prompt_tokens: 3, completion_tokens: 4, requests: 1, estimated_requests: 0 },
      },
    ]);
  });

  it("holds more for a further call of the request, and refuses one whose prompt does not fit", async () => {
    const store = storeAt();
    const owner = freshOwner();
    const budgets = { day: 1_000, month: 0 };
    const first = await store.reserve(owner, { promptTokens: 100, maxCompletionTokens: 100 }, budgets);
    const second = await store.extend(first, { promptTokens: 300, maxCompletionTokens: 200 }, budgets);
    expect(second).toMatchObject({ held: 700, maxCompletionTokens: 200, day: first.day });
    const third = await store.extend(second, { promptTokens: 200, maxCompletionTokens: 500 }, budgets);
    expect(third).toMatchObject({ held: 1_000, maxCompletionTokens: 100 });
    await expect(store.extend(third, { promptTokens: 1, maxCompletionTokens: 10 }, budgets)).rejects.toThrow(
      BudgetExceededError,
    );
    await store.settle(third, answer("translator", 600, 150));
    expect((await store.report(owner, budgets)).today).toMatchObject({ requests: 1, budget_left: 250 });
  });
});
