import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tokenNeedOf } from "../../src/core/token-allowance.js";
import { type FakeOpenMeteo, startFakeOpenMeteo } from "../function-calling/support/fake-open-meteo.js";
import {
  type FakeUpstream,
  startFakeUpstream,
  type UpstreamBehaviour,
  upstreamSettings,
} from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { finalEvent, readEvents } from "../support/sse.js";

/**
 * A budget bounds every model call of a request, not only the first: each tool round of
 * openai_function, and a prompt grown by a conversation's stored turns, is held as it is sent.
 */

const MAX_TOKENS = 100;
const usage = (prompt: number, completion: number): CompletionUsage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

/** Four rounds of the weather tool, each re-sending a longer prompt, then the answer. */
const WEATHER_ROUNDS: UpstreamBehaviour[] = [
  ...[0, 1, 2, 3].map(
    (round): UpstreamBehaviour => ({
      kind: "completion",
      message: {
        content: null,
        tool_calls: [
          {
            id: `call_${round}`,
            type: "function",
            function: { name: "get_current_weather", arguments: '{"location":"Paris"}' },
          },
        ],
      },
      usage: usage(150 + 40 * round, 30),
    }),
  ),
  { kind: "completion", message: { content: "Mild and dry." }, usage: usage(310, 60) },
];
const SCRIPTED_TOTAL = [0, 1, 2, 3].reduce((sum, round) => sum + 180 + 40 * round, 0) + 370;

interface SentBody {
  messages: ChatCompletionMessageParam[];
  tools?: unknown[];
  max_tokens: number;
}

interface MetaData {
  tool_rounds: number;
  tool_loop_cut_off?: string;
  conversation_id?: string;
  max_tokens: number;
}

let upstream: FakeUpstream;
let meteo: FakeOpenMeteo;
const services: RunningService[] = [];
let keys = 0;

beforeAll(async () => {
  [upstream, meteo] = await Promise.all([startFakeUpstream(), startFakeOpenMeteo()]);
});
afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  await Promise.all([upstream.close(), meteo.close()]);
});
beforeEach(() => upstream.reset());

async function serviceWithBudget(daily: number): Promise<{ service: RunningService; key: string }> {
  const key = `budget-every-call-key-${++keys}-0123456789`;
  const service = await startTestService(
    upstreamSettings(upstream, {
      API_KEYS: key,
      TOKEN_BUDGET_DAILY: String(daily),
      MAX_TOOL_ROUNDS: "4",
      OPEN_METEO_GEOCODING_URL: meteo.geocodingUrl,
      OPEN_METEO_FORECAST_URL: meteo.forecastUrl,
      ...UNTHROTTLED,
    }),
  );
  services.push(service);
  return { service, key };
}

/** What the holds of the calls the model was sent add up to: each call's prompt estimate and ceiling. */
function heldForCallsSent(): number {
  return upstream.requests
    .map((request) => request.body as SentBody)
    .reduce((sum, body) => {
      const need = tokenNeedOf({ messages: body.messages, tools: body.tools, maxTokens: body.max_tokens });
      return sum + need.promptTokens + need.maxCompletionTokens;
    }, 0);
}

async function spentToday(service: RunningService, key: string, requests: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const report = (await (
      await fetch(`${service.url}/usage`, { headers: { "x-api-key": key } })
    ).json()) as {
      today: { prompt_tokens: number; completion_tokens: number; requests: number; budget_left: number };
    };
    if (report.today.requests >= requests || Date.now() > deadline)
      return report.today.prompt_tokens + report.today.completion_tokens;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const weatherQuestion = {
  messages: [{ role: "user", content: "What is the weather in Paris?" }],
  max_tokens: MAX_TOKENS,
};

describe("a token budget and every model call of a request", () => {
  it("ends a tool loop whose next round the budget cannot take, with the rounds it had", async () => {
    const budget = 700;
    const { service, key } = await serviceWithBudget(budget);
    upstream.reply(...WEATHER_ROUNDS);
    const response = await service.post("/openai_function_passthrough", weatherQuestion, {
      "x-api-key": key,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { request_meta_data: MetaData };
    expect(body.request_meta_data.tool_loop_cut_off).toMatch(
      /^the token budget could not take another model call/,
    );
    expect(upstream.requests.length).toBeGreaterThanOrEqual(1);
    expect(upstream.requests.length).toBeLessThan(WEATHER_ROUNDS.length);
    expect(heldForCallsSent()).toBeLessThanOrEqual(budget);
    expect(await spentToday(service, key, 1)).toBeLessThanOrEqual(budget);
  });

  it("runs every round a budget can take, and counts them all", async () => {
    const { service, key } = await serviceWithBudget(100_000);
    upstream.reply(...WEATHER_ROUNDS);
    const response = await service.post(
      "/openai_function_passthrough",
      { ...weatherQuestion, stream: true },
      { "x-api-key": key },
    );
    expect(response.status).toBe(200);
    const meta = finalEvent<{ request_meta_data: MetaData }>(await readEvents(response)).request_meta_data;
    expect(meta.tool_rounds).toBe(4);
    expect(meta.tool_loop_cut_off).toBeUndefined();
    expect(upstream.requests).toHaveLength(WEATHER_ROUNDS.length);
    for (const request of upstream.requests) expect((request.body as SentBody).max_tokens).toBe(MAX_TOKENS);
    expect(await spentToday(service, key, 1)).toBe(SCRIPTED_TOTAL);
  });

  it("refuses a first round the budget cannot take before the model is called", async () => {
    const { service, key } = await serviceWithBudget(40);
    const response = await service.post("/openai_function_passthrough", weatherQuestion, {
      "x-api-key": key,
    });
    expect(response.status).toBe(429);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("budget_exceeded");
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    ["openai_v2", "/passthrough"],
    ["langchain", "/langchain"],
  ])(
    "holds a conversation's stored turns on %s, cutting the answer's ceiling to what is left",
    async (_, path) => {
      const budget = 900;
      const { service, key } = await serviceWithBudget(budget);
      const longTurn = "A long question about the history of note-taking. ".repeat(40);
      const conversation_id = `budget-history-${keys}`;
      const first = await service.post(
        path,
        { conversation_id, messages: [{ role: "user", content: longTurn }], max_tokens: 50 },
        { "x-api-key": key },
      );
      expect(first.status).toBe(200);
      await spentToday(service, key, 1);
      upstream.reset();
      // The body is short; what the model is sent is not: the stored turn goes along.
      const second = await service.post(
        path,
        { conversation_id, messages: [{ role: "user", content: "And then?" }], max_tokens: 600 },
        { "x-api-key": key },
      );
      expect(second.status).toBe(200);
      const meta = ((await second.json()) as { request_meta_data: MetaData }).request_meta_data;
      const sent = upstream.requests[0]?.body as SentBody;
      expect(sent.messages.some((message) => message.content === longTurn)).toBe(true);
      expect(sent.max_tokens).toBeLessThan(600);
      expect(meta.max_tokens).toBe(sent.max_tokens);
      const need = tokenNeedOf({ messages: sent.messages, maxTokens: sent.max_tokens });
      expect(need.promptTokens + need.maxCompletionTokens).toBeLessThanOrEqual(budget);
    },
  );
});
