import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  periodOf,
  secondsUntilReset,
  type UsageReport,
  UsageStore,
  usageDynamoDbClient,
} from "../../src/common/usage/index.js";
import { callerOf } from "../../src/core/caller.js";
import { type DynamoLocal, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { expectJsonError } from "../e2e/http-checks.js";
import { type FakeOpenMeteo, startFakeOpenMeteo } from "../function-calling/support/fake-open-meteo.js";
import { fixturePath } from "../function-calling/support/plugin-fixtures.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { emptyDir, testSettings } from "../support/settings.js";
import { finalEvent, readEvents } from "../support/sse.js";

const TABLE = "metering-e2e-usage";
const NO_BUDGETS = { day: 0, month: 0 };

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

let dynamo: DynamoLocal;
let meteo: FakeOpenMeteo;
let store: UsageStore;

beforeAll(async () => {
  [dynamo, meteo] = await Promise.all([startDynamoLocal(emptyDir("metering-e2e-")), startFakeOpenMeteo()]);
  const client = await usageDynamoDbClient(testSettings({ DYNAMODB_ENDPOINT: dynamo.url }).settings, {});
  store = new UsageStore(client, { tableName: TABLE });
});
afterAll(async () => {
  await meteo.close();
  await dynamo.close();
});

function serviceFor(keys: string[], env: Record<string, string> = {}): Promise<RunningService> {
  return startTestService({
    API_KEYS: keys.join(","),
    DYNAMODB_ENDPOINT: dynamo.url,
    USAGE_TABLE: TABLE,
    PLUGINS_DIR: fixturePath("mixed"),
    OPEN_METEO_GEOCODING_URL: meteo.geocodingUrl,
    OPEN_METEO_FORECAST_URL: meteo.forecastUrl,
    ...UNTHROTTLED,
    ...env,
  });
}

const ownerOfKey = (key: string) => {
  const caller = callerOf(key);
  return caller.kind === "key" ? caller.id : "anonymous";
};

/** Usage is settled once the answer has gone out, so a report right after it may lag by one write. */
async function reportOnce(owner: string, requests: number): Promise<UsageReport> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const report = await store.report(owner, NO_BUDGETS);
    const itemized = report.by_app_model.reduce((sum, item) => sum + item.requests, 0);
    if ((report.today.requests >= requests && itemized >= requests) || Date.now() > deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function bufferedUsage(response: Response): Promise<Usage> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { usage: Usage }).usage;
}

async function streamedUsage(response: Response): Promise<Usage> {
  expect(response.status).toBe(200);
  return finalEvent<{ usage: Usage }>(await readEvents(response)).usage;
}

/** OpenAI's stream has no request_meta_data: its usage is in the chunk without choices. */
async function openAIStreamedUsage(response: Response): Promise<Usage> {
  expect(response.status).toBe(200);
  const events = await readEvents(response);
  const usages = events.flatMap((event) => {
    const usage = (event.data as { usage?: Usage | null }).usage;
    return usage ? [usage] : [];
  });
  expect(usages).toHaveLength(1);
  return usages[0] as Usage;
}

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: "user", content }],
  ...extra,
});

describe("metering every answer over HTTP", () => {
  const key = "metering-key-one-0123456789";
  const otherKey = "metering-key-two-0123456789";
  let service: RunningService;
  beforeAll(async () => {
    service = await serviceFor([key, otherKey]);
  });
  afterAll(() => service.stop());

  it("sums the tokens of buffered, streamed and tool-loop answers of all three functions exactly", async () => {
    const headers = { "x-api-key": key };
    const weather = ask("What is the weather like in Paris today?");
    const answers: [string, Usage][] = [];
    const record = async (app: string, usage: Promise<Usage>) => answers.push([app, await usage]);
    await record("passthrough", bufferedUsage(await service.post("/passthrough", ask("Hello"), headers)));
    await record(
      "passthrough",
      streamedUsage(await service.post("/passthrough", ask("Hello again", { stream: true }), headers)),
    );
    await record("langchain", bufferedUsage(await service.post("/langchain", ask("Hi there"), headers)));
    await record(
      "langchain",
      streamedUsage(await service.post("/langchain", ask("Hi once more", { stream: true }), headers)),
    );
    await record(
      "openai_function_passthrough",
      bufferedUsage(await service.post("/openai_function_passthrough", weather, headers)),
    );
    await record(
      "openai_function_passthrough",
      streamedUsage(
        await service.post("/openai_function_passthrough", { ...weather, stream: true }, headers),
      ),
    );
    await record(
      "default-grammar",
      bufferedUsage(
        await service.post("/examples/default-grammar", { input_text: "me and him goes" }, headers),
      ),
    );

    // OpenAI's door (/v1) runs the same cores: an app as a model, and an upstream model (openai_v2's passthrough).
    await record(
      "default-grammar",
      bufferedUsage(
        await service.post(
          "/v1/chat/completions",
          { model: "default-grammar", ...ask("me and him goes") },
          headers,
        ),
      ),
    );
    await record(
      "passthrough",
      openAIStreamedUsage(
        await service.post(
          "/v1/chat/completions",
          { model: "gpt-4o-mini", ...ask("Hi", { stream: true, stream_options: { include_usage: true } }) },
          headers,
        ),
      ),
    );

    const report = await reportOnce(ownerOfKey(key), answers.length);
    const sum = (usages: Usage[]) => ({
      prompt_tokens: usages.reduce((total, usage) => total + usage.prompt_tokens, 0),
      completion_tokens: usages.reduce((total, usage) => total + usage.completion_tokens, 0),
    });
    const all = sum(answers.map(([, usage]) => usage));
    expect(all.prompt_tokens).toBeGreaterThan(0);
    expect(report.today).toMatchObject({ ...all, requests: answers.length, estimated_requests: 0 });
    expect(report.month).toMatchObject({ ...all, requests: answers.length });
    const apps = [...new Set(answers.map(([app]) => app))];
    expect(report.by_app_model.map((item) => item.app).sort()).toEqual(apps.sort());
    for (const app of apps) {
      const ofApp = answers.filter(([name]) => name === app).map(([, usage]) => usage);
      expect(report.by_app_model.find((item) => item.app === app)).toMatchObject({
        ...sum(ofApp),
        requests: ofApp.length,
      });
    }
  });

  it("counts the tool rounds of a function call, whose usage is more than one model call's", async () => {
    const headers = { "x-api-key": key };
    const plain = await bufferedUsage(
      await service.post("/openai_function_passthrough", ask("Tell me a fact"), headers),
    );
    const withTool = (await (
      await service.post(
        "/openai_function_passthrough",
        ask("What is the weather like in Paris today?"),
        headers,
      )
    ).json()) as { usage: Usage; request_meta_data: { tool_rounds: number } };
    expect(withTool.request_meta_data.tool_rounds).toBe(1);
    expect(withTool.usage.prompt_tokens).toBeGreaterThan(plain.prompt_tokens);
  });

  it("counts per key, and not a request refused as invalid", async () => {
    const headers = { "x-api-key": otherKey };
    await expectJsonError(await service.post("/passthrough", { messages: [] }, headers), 400);
    const usage = await bufferedUsage(await service.post("/passthrough", ask("Hello"), headers));
    const report = await reportOnce(ownerOfKey(otherKey), 1);
    expect(report.today).toMatchObject({
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      requests: 1,
    });
  });
});

describe("token budgets over HTTP", () => {
  const key = "metering-key-budget-0123456789";
  const budget = 60;
  let service: RunningService;
  beforeAll(async () => {
    service = await serviceFor([key], { TOKEN_BUDGET_DAILY: String(budget) });
  });
  afterAll(() => service.stop());

  it("refuses a key whose daily budget is spent with 429 budget_exceeded before the model is called", async () => {
    const headers = { "x-api-key": key };
    let answered = 0;
    let refused: Response | undefined;
    for (let i = 0; i < 12 && !refused; i++) {
      const response = await service.post(
        "/passthrough",
        ask(`Say something, ${i}`, { max_tokens: 20 }),
        headers,
      );
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(200);
        await response.json();
        answered++;
      }
    }
    expect(refused, "no request was refused").toBeDefined();
    expect(answered).toBeGreaterThan(0);
    const retryAfter = Number(refused?.headers.get("retry-after"));
    const untilMidnight = secondsUntilReset(periodOf("day", Date.now()), Date.now());
    expect(retryAfter).toBeGreaterThan(untilMidnight - 5);
    expect(retryAfter).toBeLessThanOrEqual(untilMidnight + 1);
    const body = await expectJsonError(refused as Response, 429, "budget_exceeded");
    expect(body.error.message).toMatch(/budget/);

    // The refused request reached no model: only the answered ones were counted.
    const report = await reportOnce(ownerOfKey(key), answered);
    expect(report.today.requests).toBe(answered);
    expect(report.today.prompt_tokens + report.today.completion_tokens).toBeLessThanOrEqual(budget);
    const streamed = await service.post("/passthrough", ask("And now?", { stream: true }), headers);
    await expectJsonError(streamed, 429, "budget_exceeded");
  });
});
