// The Lambda runtime's `awslambda` global, which the handler entries use as they load.
import "../test/support/lambda-runtime.js";
import type { APIGatewayProxyEvent } from "aws-lambda";
import type { ProxyHandler } from "../src/adapters/rest-proxy/handler.js";
import {
  type ConversationMessage,
  createConversations,
  createDynamoClient,
} from "../src/common/memory/index.js";
import { langchainHandler } from "../src/handlers/langchain/index.js";
import { langchainServices } from "../src/handlers/langchain/services.js";
import { openAIV2Handler } from "../src/handlers/openai_v2/index.js";
import { openAIV2Services } from "../src/handlers/openai_v2/services.js";
import { ensureMemoryTable, startDynamoLocal } from "../src/local/dynamo-local.js";
import { passthroughEvent } from "../test/support/events.js";
import { startFakeUpstream } from "../test/support/fake-upstream.js";
import { testContext } from "../test/support/lambda-context.js";
import { emptyDir, testServices, testSettings } from "../test/support/settings.js";
import { wholeAnswers } from "../test/support/streaming-entry.js";

/**
 * 1. Per-request time of the langchain handler against the openai_v2 handler (the baseline), both
 *    in-process against the same fake upstream, rounds interleaved so drift hits both alike.
 * 2. Time to load a 200-turn conversation from the store (embedded dynalite), against loading one turn.
 */

const WARMUP = 200;
const ROUNDS = 10;
const PER_ROUND = 100;
const LOADS = 60;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timeRequests(
  handler: ProxyHandler,
  event: APIGatewayProxyEvent,
  count: number,
): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const result = await handler(event, testContext());
    if (result.statusCode !== 200)
      throw new Error(`bench request failed: ${result.statusCode} ${result.body}`);
  }
  return (performance.now() - started) / count;
}

async function handlerRatio(): Promise<void> {
  const upstream = await startFakeUpstream();
  try {
    const env = { OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: upstream.url, OPENAI_MAX_RETRIES: "0" };
    const openaiV2 = wholeAnswers(openAIV2Handler(testServices(openAIV2Services, env)));
    const langchain = wholeAnswers(langchainHandler(testServices(langchainServices, env)));
    const body = {
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "Hello" },
        { role: "assistant", content: "Hi." },
        { role: "user", content: "How are you?" },
      ],
    };
    const event = passthroughEvent(body);
    // Each function answers its own route.
    const langchainEvent = passthroughEvent(body, "/langchain");
    await timeRequests(openaiV2, event, WARMUP);
    await timeRequests(langchain, langchainEvent, WARMUP);
    const baseline: number[] = [];
    const chained: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      upstream.reset();
      baseline.push(await timeRequests(openaiV2, event, PER_ROUND));
      chained.push(await timeRequests(langchain, langchainEvent, PER_ROUND));
    }
    const base = median(baseline);
    const lc = median(chained);
    process.stdout.write(
      `per request, same fake upstream, sequential (median of ${ROUNDS} rounds x ${PER_ROUND}):\n` +
        `  openai_v2 (baseline)  ${(base * 1000).toFixed(0)} µs\n` +
        `  langchain             ${(lc * 1000).toFixed(0)} µs   ratio ${(lc / base).toFixed(2)}x\n`,
    );
  } finally {
    await upstream.close();
  }
}

async function timeLoads(load: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < LOADS; index++) {
    const started = performance.now();
    await load();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function conversationLoad(): Promise<void> {
  const dynamo = await startDynamoLocal(emptyDir("bench-memory-"));
  try {
    const { settings } = testSettings({ DYNAMODB_ENDPOINT: dynamo.url, MEMORY_TABLE: "bench-memory" });
    const client = createDynamoClient(settings);
    await ensureMemoryTable(client, settings.MEMORY_TABLE);
    const { store, directory, writer } = createConversations(client, { ...settings, MEMORY_TTL_DAYS: 1 });
    const turns: ConversationMessage[] = Array.from({ length: 200 }, (_, index) =>
      index % 2 === 0
        ? { role: "user", content: `Question ${index}: ${"lorem ipsum ".repeat(20)}` }
        : { role: "assistant", content: `Answer ${index}: ${"dolor sit amet ".repeat(30)}` },
    );
    for (let index = 0; index < turns.length; index += 2) {
      const { nextSeq } = await store.recent("bench", 1, (await directory.state("bench")).lastSeq);
      await writer.append("bench", turns.slice(index, index + 2), nextSeq, {
        owner: "anonymous",
        app: "bench",
      });
    }
    const { lastSeq } = await directory.state("bench");
    const loaded = await store.recent("bench", 200, lastSeq);
    if (loaded.turns.length !== 200) throw new Error(`expected 200 turns, loaded ${loaded.turns.length}`);
    await timeLoads(() => store.recent("bench", 200, lastSeq));
    const one = await timeLoads(() => store.recent("bench", 1, lastSeq));
    const all = await timeLoads(() => store.recent("bench", 200, lastSeq));
    const pages = await timeLoads(() => store.page("bench", 0, 200, lastSeq));
    process.stdout.write(
      `conversation load from the store (embedded dynalite, median of ${LOADS}):\n` +
        `  newest 1 turn (baseline)          ${one.toFixed(2)} ms\n` +
        `  200 turns, model history query    ${all.toFixed(2)} ms   ratio ${(all / one).toFixed(1)}x\n` +
        `  200 turns, GET page               ${pages.toFixed(2)} ms   ratio ${(pages / one).toFixed(1)}x\n`,
    );
    client.destroy();
  } finally {
    await dynamo.close();
  }
}

export default async function bench(): Promise<void> {
  await handlerRatio();
  await conversationLoad();
}
