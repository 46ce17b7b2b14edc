import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDbCaller, DynamoDbOperation } from "../src/common/aws/dynamodb-client.js";
import { EMULATOR_CREDENTIALS } from "../src/common/aws/endpoint.js";
import { type Budgets, UsageStore, usageDynamoDbClient } from "../src/common/usage/index.js";
import { testSettings } from "../test/support/settings.js";
import { startChildServer } from "./support/child-server.js";

/**
 * The per-answer cost of metering: DynamoDB calls, the latency of holding a budget before the model
 * is called (on the request's path) and of settling after, and the CPU the metering process spends
 * per answer. The meter's own DynamoDB client (hand-signed, src/common/aws/dynamodb-client.ts) runs
 * against the AWS SDK's DynamoDB client sending the same calls, in the same run; dynalite runs in a
 * process of its own, so the CPU is the client's. Dynalite's latency is not DynamoDB's; the call
 * counts are the same.
 */

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TABLE = "bench-usage";

const SDK_COMMANDS = {
  GetItem: GetItemCommand,
  BatchGetItem: BatchGetItemCommand,
  UpdateItem: UpdateItemCommand,
  Scan: ScanCommand,
} as const;

/** The SDK's client behind the meter's interface: the same typed inputs, the SDK's signing, retries and parsing. */
function sdkCaller(client: DynamoDBClient): DynamoDbCaller {
  return {
    send: async (operation, input) => {
      const Command = SDK_COMMANDS[operation] as new (input: unknown) => UpdateItemCommand;
      return { ...(await client.send(new Command(input))) };
    },
  };
}

function counted(caller: DynamoDbCaller, calls: Map<string, number>): DynamoDbCaller {
  return {
    send: (operation: DynamoDbOperation, input) => {
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      return caller.send(operation, input);
    },
  };
}

interface Figures {
  holdMs: number;
  settleMs: number;
  cpuUs: number;
  calls: string;
}

async function answers(caller: DynamoDbCaller, owner: string, budgets: Budgets): Promise<Figures> {
  const calls = new Map<string, number>();
  const store = new UsageStore(counted(caller, calls), { tableName: TABLE });
  let holdMs = 0;
  let settleMs = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < ANSWERS; i++) {
    const started = performance.now();
    const reservation = await store.reserve(owner, { promptTokens: 200, maxCompletionTokens: 500 }, budgets);
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
  const used = process.cpuUsage(cpu);
  return {
    holdMs: holdMs / ANSWERS,
    settleMs: settleMs / ANSWERS,
    cpuUs: (used.user + used.system) / ANSWERS,
    calls: [...calls].map(([name, count]) => `${count / ANSWERS} ${name}`).join(", "),
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export default async function meteringBench(): Promise<void> {
  const dynalite = await startChildServer("dynalite.ts", [TABLE]);
  const { settings } = testSettings({ DYNAMODB_ENDPOINT: dynalite.url });
  const ours = await usageDynamoDbClient(settings, {});
  const sdkClient = new DynamoDBClient({
    endpoint: dynalite.url,
    region: settings.AWS_REGION,
    credentials: { ...EMULATOR_CREDENTIALS },
  });
  const sdk = sdkCaller(sdkClient);
  try {
    process.stdout.write(
      `${ROUNDS} alternating rounds of ${ANSWERS} answers per client (median of the rounds); cpu = this process's user + system per answer\n`,
    );
    for (const [label, budgets] of [
      ["no budget", { day: 0, month: 0 }],
      ["day and month budgets", { day: 1e12, month: 1e12 }],
    ] as [string, Budgets][]) {
      const runs = { ours: [] as Figures[], sdk: [] as Figures[] };
      for (let round = 0; round < ROUNDS; round++) {
        runs.ours.push(await answers(ours, `bench-ours-${label}`, budgets));
        runs.sdk.push(await answers(sdk, `bench-sdk-${label}`, budgets));
      }
      const summary = (name: string, figures: Figures[]) => {
        const of = (pick: (f: Figures) => number) => median(figures.map(pick));
        return { name, hold: of((f) => f.holdMs), settle: of((f) => f.settleMs), cpu: of((f) => f.cpuUs) };
      };
      const [o, s] = [summary("hand-signed", runs.ours), summary("AWS SDK", runs.sdk)];
      process.stdout.write(`${label}: calls per answer ${runs.ours[0]?.calls}\n`);
      for (const row of [o, s])
        process.stdout.write(
          `  ${row.name.padEnd(12)} hold ${row.hold.toFixed(2)} ms  settle ${row.settle.toFixed(2)} ms  cpu ${row.cpu.toFixed(0)} µs per answer\n`,
        );
      process.stdout.write(
        `  hand-signed / SDK: cpu ${(o.cpu / s.cpu).toFixed(2)}x, hold + settle ${((o.hold + o.settle) / (s.hold + s.settle)).toFixed(2)}x\n`,
      );
    }
  } finally {
    sdkClient.destroy();
    dynalite.stop();
  }
}
