import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDynamoClient } from "../src/common/memory/index.js";
import { type Budgets, UsageStore } from "../src/common/usage/index.js";
import { ensureUsageTable, startDynamoLocal } from "../src/local/dynamo-local.js";
import { emptyDir, testSettings } from "../test/support/settings.js";

/**
 * The per-answer cost of metering: DynamoDB calls and the added latency of holding a budget before
 * the model is called (on the request's path) and settling after (after the answer), against local
 * dynalite. Dynalite's latency is not DynamoDB's; the call counts are the same.
 */

const ANSWERS = 300;
const TABLE = "bench-usage";

export default async function meteringBench(): Promise<void> {
  const dynamo = await startDynamoLocal(emptyDir("bench-usage-"));
  const client = createDynamoClient(testSettings({ DYNAMODB_ENDPOINT: dynamo.url }).settings);
  await ensureUsageTable(client, TABLE);
  const calls = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      calls.set(context.commandName ?? "?", (calls.get(context.commandName ?? "?") ?? 0) + 1);
      return next(args);
    },
    { step: "initialize" },
  );
  const store = new UsageStore(DynamoDBDocumentClient.from(client), { tableName: TABLE });
  try {
    for (const [label, budgets] of [
      ["no budget", { day: 0, month: 0 }],
      ["day and month budgets", { day: 1e9, month: 1e9 }],
    ] as [string, Budgets][]) {
      calls.clear();
      let holdMs = 0;
      let settleMs = 0;
      for (let i = 0; i < ANSWERS; i++) {
        const started = performance.now();
        const reservation = await store.reserve(
          `bench-${label}`,
          { promptTokens: 200, maxCompletionTokens: 500 },
          budgets,
        );
        const held = performance.now();
        await store.settle(reservation, {
          app: "translator",
          model: "gpt-4o-mini",
          promptTokens: 200,
          completionTokens: 300,
          estimated: false,
        });
        holdMs += held - started;
        settleMs += performance.now() - held;
      }
      const perAnswer = [...calls].map(([name, count]) => `${name} ${count / ANSWERS}`).join(", ");
      console.log(
        `${label}: hold ${(holdMs / ANSWERS).toFixed(2)} ms, settle ${(settleMs / ANSWERS).toFixed(2)} ms per answer; calls per answer: ${perAnswer}`,
      );
    }
  } finally {
    await dynamo.close();
  }
}
