import type { APIGatewayProxyEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ProxyHandler } from "../../src/adapters/rest-proxy/handler.js";
import { functionHandler } from "../../src/handlers/openai_function/index.js";
import { functionServices } from "../../src/handlers/openai_function/services.js";
import { fixtureEvent, passthroughEvent } from "../support/events.js";
import {
  type FakeUpstream,
  startFakeUpstream,
  type UpstreamBehaviour,
  upstreamSettings,
} from "../support/fake-upstream.js";
import { testContext } from "../support/lambda-context.js";
import { testServices } from "../support/settings.js";
import { wholeAnswers } from "../support/streaming-entry.js";
import { type FakeOpenMeteo, startFakeOpenMeteo } from "./support/fake-open-meteo.js";
import { fixturePath } from "./support/plugin-fixtures.js";

let upstream: FakeUpstream;
let meteo: FakeOpenMeteo;
let handler: ProxyHandler;

beforeAll(async () => {
  [upstream, meteo] = await Promise.all([startFakeUpstream(), startFakeOpenMeteo()]);
});
afterAll(() => Promise.all([upstream.close(), meteo.close()]));

function configure(changes: Record<string, string> = {}) {
  upstream.reset();
  meteo.behave("normal");
  const env = upstreamSettings(upstream, {
    OPENAI_API_KEY: "sk-test-function-key",
    OPENAI_TIMEOUT_MS: "2000",
    OPENAI_MODEL: "default-model",
    PLUGINS_DIR: fixturePath("matching"),
    OPEN_METEO_GEOCODING_URL: meteo.geocodingUrl,
    OPEN_METEO_FORECAST_URL: meteo.forecastUrl,
    MAX_TOOL_ROUNDS: "3",
    ...changes,
  });
  handler = wholeAnswers(functionHandler(testServices(functionServices, env)));
}
beforeEach(() => configure());

function toolCall(
  name: string,
  args: string,
  id = `call_${name}`,
): Extract<UpstreamBehaviour, { kind: "completion" }> {
  return {
    kind: "completion",
    message: { content: null, tool_calls: [{ id, type: "function", function: { name, arguments: args } }] },
    finish_reason: "tool_calls",
  };
}

interface SentRequest {
  model: string;
  temperature: number;
  max_tokens: number;
  tool_choice?: unknown;
  tools: { function: { name: string; parameters: { properties: Record<string, { enum?: string[] }> } } }[];
  messages: { role: string; content: string | null; tool_call_id?: string; tool_calls?: unknown[] }[];
}

function sent(index: number): SentRequest {
  return upstream.requests[index]?.body as SentRequest;
}

async function call(event: APIGatewayProxyEvent) {
  const result = await handler(event, testContext());
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

function ask(content: string, extra: Record<string, unknown> = {}) {
  return call(
    passthroughEvent({ messages: [{ role: "user", content }], ...extra }, "/openai_function_passthrough"),
  );
}

function toolMessages(index: number) {
  return sent(index).messages.filter((m) => m.role === "tool");
}

describe("openai_function handler", () => {
  it("offers the weather tool and no plugin when no plugin is mentioned", async () => {
    const { status, body } = await ask("hello there");
    expect(status).toBe(200);
    expect(sent(0).tools.map((t) => t.function.name)).toEqual(["get_current_weather"]);
    expect(sent(0).messages).toEqual([{ role: "user", content: "hello there" }]);
    expect(body.request_meta_data).toMatchObject({
      lambda: "lambda_openai_function",
      model: "default-model",
      plugins: [],
      tools_called: [],
      tool_rounds: 0,
    });
  });

  it("adds a mentioned plugin's prompt, overrides and tool, runs the tool and asks again", async () => {
    upstream.reply(toolCall("get_candy_works_info", '{"topic":"coupon_codes"}'));
    const { status, body } = await call(
      fixtureEvent("app-default-grammar", {
        resource: "/examples/openai-function-calling",
        path: "/examples/openai-function-calling",
        body: JSON.stringify({ input_text: "Any coupons for the Everlasting Gobstopper?" }),
      }),
    );
    expect(status).toBe(200);
    const first = sent(0);
    expect(first.temperature).toBe(1.2);
    expect(first.messages[0]?.content).toMatch(
      /^You are a helpful, adaptive assistant\..*\n\nYou also answer questions about CandyWorks sweets\.$/s,
    );
    const pluginTool = first.tools.find((t) => t.function.name === "get_candy_works_info");
    expect(pluginTool?.function.parameters.properties.topic?.enum).toEqual(["flavours", "coupon_codes"]);
    expect(toolMessages(1)).toEqual([
      {
        role: "tool",
        tool_call_id: "call_get_candy_works_info",
        content: JSON.stringify({ plugin: "CandyWorks", topic: "coupon_codes", information: ["SWEET5"] }),
      },
    ]);
    expect(sent(1).messages.at(-2)).toMatchObject({
      role: "assistant",
      tool_calls: [{ id: "call_get_candy_works_info" }],
    });
    expect(body.choices[0].message.content).toBeTypeOf("string");
    expect(body.request_meta_data).toMatchObject({
      app: "openai-function-calling",
      temperature: 1.2,
      plugins: ["CandyWorks"],
      tools_called: ["get_candy_works_info"],
      tool_rounds: 1,
    });
  });

  it("runs several tool calls of one answer and returns one tool message each, in order", async () => {
    upstream.reply({
      kind: "completion",
      message: {
        content: null,
        tool_calls: [
          {
            id: "w",
            type: "function",
            function: { name: "get_current_weather", arguments: '{"location":"Paris","unit":"USCS"}' },
          },
          {
            id: "c",
            type: "function",
            function: { name: "get_candy_works_info", arguments: '{"topic":"flavours"}' },
          },
        ],
      },
    });
    const { body } = await ask("Weather in Paris, and gobstopper flavours?");
    const [weather, candy] = toolMessages(1);
    expect(weather?.tool_call_id).toBe("w");
    expect(JSON.parse(weather?.content ?? "")).toMatchObject({
      location: "Paris, Île-de-France, France",
      unit: "USCS",
    });
    expect(candy?.tool_call_id).toBe("c");
    expect(body.request_meta_data.tools_called).toEqual(["get_current_weather", "get_candy_works_info"]);
  });

  it.each([
    [
      "an unknown tool",
      toolCall("launch_rockets", "{}"),
      /^\{"error":"There is no tool named 'launch_rockets'\. Available: get_current_weather\."\}$/,
    ],
    ["malformed arguments", toolCall("get_current_weather", "{location: Paris"), /not valid JSON/],
    [
      "an argument out of its enum",
      toolCall("get_current_weather", '{"location":"Paris","unit":"KELVIN"}'),
      /Invalid arguments: unit/,
    ],
    [
      "a place that does not exist",
      toolCall("get_current_weather", '{"location":"Atlantis","unit":"METRIC"}'),
      /No place named 'Atlantis'/,
    ],
  ])(
    "answers %s with a tool message explaining the error, then asks again",
    async (_name, behaviour, error) => {
      upstream.reply(behaviour);
      const { status, body } = await ask("hello");
      expect(status).toBe(200);
      expect(toolMessages(1)[0]?.content).toMatch(error);
      expect(body.request_meta_data.tool_rounds).toBe(1);
    },
  );

  it("reports the usage of every round added up, since each model call is paid for", async () => {
    upstream.reply(
      {
        ...toolCall("get_current_weather", '{"location":"Paris","unit":"METRIC"}'),
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      },
      {
        kind: "completion",
        message: { content: "Mild and dry." },
        usage: { prompt_tokens: 150, completion_tokens: 10, total_tokens: 160 },
      },
    );
    const { status, body } = await ask("weather in Paris?");
    expect(status).toBe(200);
    expect(body.usage).toEqual({ prompt_tokens: 250, completion_tokens: 30, total_tokens: 280 });
  });

  it("reports a weather service failure to the model, not as a 500", async () => {
    upstream.reply(toolCall("get_current_weather", '{"location":"Paris","unit":"METRIC"}'));
    meteo.behave("status-503");
    const { status } = await ask("weather in Paris?");
    expect(status).toBe(200);
    expect(toolMessages(1)[0]?.content).toBe('{"error":"The weather service answered with status 503."}');
  });

  it("cuts off a model that keeps calling tools: a last request without tools, then a clear result", async () => {
    const endless = Array.from({ length: 10 }, (_, i) =>
      toolCall("get_current_weather", '{"location":"Paris","unit":"METRIC"}', `call_${i}`),
    );
    upstream.reply(...endless);
    const { status, body } = await ask("weather in Paris?");
    expect(status).toBe(200);
    expect(upstream.requests).toHaveLength(4);
    expect([0, 1, 2, 3].map((i) => sent(i).tool_choice)).toEqual([undefined, "auto", "auto", "none"]);
    expect(body.choices[0].finish_reason).toBe("tool_calls");
    expect(body.request_meta_data).toMatchObject({
      tools_called: ["get_current_weather", "get_current_weather", "get_current_weather"],
      tool_rounds: 3,
      tool_loop_cut_off: "still calling tools after 3 rounds",
    });
  });

  it("shares one deadline between all rounds: slow tools cannot stretch the request past OPENAI_TIMEOUT_MS", async () => {
    configure({ OPENAI_TIMEOUT_MS: "1000", WEATHER_TIMEOUT_MS: "600" });
    meteo.behave("hang");
    const endless = Array.from({ length: 10 }, (_, i) =>
      toolCall("get_current_weather", '{"location":"Paris","unit":"METRIC"}', `call_${i}`),
    );
    upstream.reply(...endless);
    const started = Date.now();
    const { status, body } = await ask("weather in Paris?");
    expect(status).toBe(504);
    expect(body.error.type).toBe("upstream_timeout");
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(upstream.requests.length).toBeLessThan(4);
  });

  it("applies the client's tool_choice to the first request only", async () => {
    upstream.reply(toolCall("get_current_weather", '{"location":"Paris","unit":"METRIC"}'));
    await ask("weather in Paris?", {
      tools: [{ type: "function", function: { name: "lookup_order", parameters: { type: "object" } } }],
      tool_choice: "required",
    });
    expect([sent(0).tool_choice, sent(1).tool_choice]).toEqual(["required", "auto"]);
  });

  it("hands a call of the client's own tool back to the client", async () => {
    upstream.reply(toolCall("lookup_order", '{"id":7}'));
    const tools = [{ type: "function", function: { name: "lookup_order", parameters: { type: "object" } } }];
    const { status, body } = await ask("where is order 7?", { tools });
    expect(status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    expect(sent(0).tools.map((t) => t.function.name)).toEqual(["get_current_weather", "lookup_order"]);
    expect(body.choices[0].message.tool_calls[0].function.name).toBe("lookup_order");
    expect(body.request_meta_data.tools_called).toEqual([]);
  });

  it("refuses a client tool named like one of the route's tools", async () => {
    const tools = [{ type: "function", function: { name: "get_current_weather" } }];
    const { status, body } = await ask("hi", { tools });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      "tools.0.function.name: 'get_current_weather' is a tool of this route; rename yours",
    );
    expect(upstream.requests).toHaveLength(0);
  });

  it("answers 502 when the model service fails in a later round", async () => {
    upstream.reply(toolCall("get_current_weather", '{"location":"Paris","unit":"METRIC"}'), {
      kind: "status",
      status: 500,
    });
    const { status, body } = await ask("weather in Paris?");
    expect(status).toBe(502);
    expect(body.error.type).toBe("upstream_error");
  });

  it("serves the other plugins when the plugin folder holds bad files", async () => {
    configure({ PLUGINS_DIR: fixturePath("mixed") });
    upstream.reply(toolCall("get_quiet_pages_book_club_info", '{"topic":"current_book"}'));
    const { status, body } = await ask("what is the Quiet Pages book club reading?");
    expect(status).toBe(200);
    expect(sent(0).model).toBe("offline-book-club-model");
    expect(JSON.parse(toolMessages(1)[0]?.content ?? "")).toEqual({
      plugin: "QuietPagesBookClub",
      topic: "current_book",
      information: "The Left Hand of Darkness",
    });
    expect(body.request_meta_data).toMatchObject({
      model: "offline-book-club-model",
      plugins: ["QuietPagesBookClub"],
    });
  });
});
