import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FinalChunk } from "../../src/common/streaming/chat-events.js";
import { type FakeOpenMeteo, startFakeOpenMeteo } from "../function-calling/support/fake-open-meteo.js";
import { fixturePath } from "../function-calling/support/plugin-fixtures.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { deltaTexts, finalEvent, type ReadEvent, readEvents } from "../support/sse.js";

const ROUTE = "/openai_function_passthrough";
let meteo: FakeOpenMeteo;

beforeAll(async () => {
  meteo = await startFakeOpenMeteo();
});
afterAll(() => meteo.close());

const weatherSettings = () => ({
  PLUGINS_DIR: fixturePath("mixed"),
  OPEN_METEO_GEOCODING_URL: meteo.geocodingUrl,
  OPEN_METEO_FORECAST_URL: meteo.forecastUrl,
  ...UNTHROTTLED,
});

interface ToolCallEvent {
  choices: [];
  tool_call: { id: string; name: string; arguments: string };
}

const toolCalls = (events: readonly ReadEvent[]) =>
  events
    .filter((event) => event.event === "tool_call")
    .map((event) => (event.data as ToolCallEvent).tool_call);

const ask = (content: string) => ({ messages: [{ role: "user", content }] });

describe("openai_function streaming with the offline model", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(weatherSettings());
  });
  afterAll(() => service.stop());

  it("announces the tool call, then streams the answer the buffered route gives", async () => {
    const question = ask("What is the weather like in Paris today?");
    const whole = (await (await service.post(ROUTE, question)).json()) as {
      choices: { message: { content: string } }[];
      request_meta_data: unknown;
    };
    const events = await readEvents(await service.post(ROUTE, { ...question, stream: true }));

    const calls = toolCalls(events);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe("get_current_weather");
    expect(JSON.parse(calls[0]?.arguments ?? "{}")).toMatchObject({
      location: expect.stringMatching(/Paris/),
    });
    const firstText = events.findIndex((event) => deltaTexts([event]).length > 0);
    expect(firstText).toBeGreaterThan(events.findIndex((event) => event.event === "tool_call"));
    expect(deltaTexts(events).join("")).toBe(whole.choices[0]?.message.content);
    expect(finalEvent<FinalChunk>(events).request_meta_data).toEqual(whole.request_meta_data);
    expect(events.at(-1)?.data).toBe("[DONE]");
  });

  it("announces a plugin's information tool", async () => {
    const events = await readEvents(
      await service.post(ROUTE, { ...ask("When does the Quiet Pages book club meet?"), stream: true }),
    );
    expect(toolCalls(events).map((call) => call.name)).toEqual(["get_quiet_pages_book_club_info"]);
    expect(finalEvent<FinalChunk>(events).request_meta_data).toMatchObject({
      plugins: ["QuietPagesBookClub"],
      tools_called: ["get_quiet_pages_book_club_info"],
      tool_rounds: 1,
    });
  });
});

describe("openai_function streaming with a scripted upstream", () => {
  let upstream: FakeUpstream;
  let service: RunningService;
  const weatherCall = {
    id: "call_weather_1",
    type: "function" as const,
    function: { name: "get_current_weather", arguments: '{"location":"Paris"}' },
  };
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    service = await startTestService(
      upstreamSettings(upstream, { OPENAI_API_KEY: "sk-test-function-stream", ...weatherSettings() }),
    );
  });
  afterAll(async () => {
    await service.stop();
    await upstream.close();
  });
  beforeEach(() => upstream.reset());

  it("runs the tool round, then streams the final answer as the model writes it", async () => {
    const pieces = ["It is ", "mild ", "in ", "Paris."];
    upstream.reply(
      { kind: "completion", message: { content: null, tool_calls: [weatherCall] } },
      { kind: "stream", chunks: pieces, delayMs: 50 },
    );
    const events = await readEvents(await service.post(ROUTE, { ...ask("Weather in Paris?"), stream: true }));

    expect(toolCalls(events)).toEqual([
      { id: "call_weather_1", name: "get_current_weather", arguments: '{"location":"Paris"}' },
    ]);
    expect(deltaTexts(events)).toEqual(pieces);
    const texts = events.filter((event) => deltaTexts([event]).length > 0);
    expect((texts.at(-1)?.at ?? 0) - (texts[0]?.at ?? 0)).toBeGreaterThan(100);
    const chunks = events.filter((event) => event.event === undefined && event.data !== "[DONE]");
    const deltas = chunks.map((event) => (event.data as { choices: { delta: object }[] }).choices[0]?.delta);
    expect(deltas.filter((delta) => delta && "role" in delta)).toHaveLength(1);
    expect(JSON.stringify(chunks)).not.toContain("tool_calls");
    expect(finalEvent<FinalChunk>(events).request_meta_data).toMatchObject({
      tools_called: ["get_current_weather"],
    });
    const secondRound = upstream.requests[1]?.body as { messages: { role: string }[]; stream: boolean };
    expect(secondRound.stream).toBe(true);
    expect(secondRound.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
  });

  it("hands a call of the client's own tool to the client as tool_call deltas, as OpenAI streams it", async () => {
    const lookup = { type: "function", function: { name: "lookup_order", parameters: { type: "object" } } };
    const clientCall = {
      id: "call_client_1",
      type: "function" as const,
      function: { name: "lookup_order", arguments: '{"id":7}' },
    };
    upstream.reply({ kind: "completion", message: { content: null, tool_calls: [clientCall] } });
    const events = await readEvents(
      await service.post(ROUTE, { ...ask("Where is order 7?"), tools: [lookup], stream: true }),
    );
    expect(toolCalls(events)).toEqual([]);
    const deltas = events.flatMap((event) => {
      const data = event.data as {
        choices?: {
          delta: { tool_calls?: { function?: { name?: string; arguments?: string } }[] };
          finish_reason: string | null;
        }[];
      };
      return data.choices?.[0] ? [data.choices[0]] : [];
    });
    const calls = deltas.flatMap((choice) => choice.delta.tool_calls ?? []);
    expect(calls[0]?.function?.name).toBe("lookup_order");
    expect(calls.map((call) => call.function?.arguments ?? "").join("")).toBe('{"id":7}');
    expect(deltas.at(-1)?.finish_reason).toBe("tool_calls");
  });

  it("ends with an error event when the final answer breaks off", async () => {
    upstream.reply(
      { kind: "completion", message: { content: null, tool_calls: [weatherCall] } },
      { kind: "stream-error", after: 2 },
    );
    const events = await readEvents(await service.post(ROUTE, { ...ask("Weather in Paris?"), stream: true }));
    expect(toolCalls(events)).toHaveLength(1);
    expect(deltaTexts(events)).toEqual(["part 1 ", "part 2 "]);
    expect(events.at(-1)).toMatchObject({ event: "error", data: { error: { type: "upstream_error" } } });
  });

  it("keeps the status and JSON body when the first model call is refused", async () => {
    upstream.reply({ kind: "status", status: 500 });
    const response = await service.post(ROUTE, { ...ask("Weather in Paris?"), stream: true });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("upstream_error");
  });

  it("aborts the upstream call when the client disconnects during the answer", async () => {
    upstream.reply(
      { kind: "completion", message: { content: null, tool_calls: [weatherCall] } },
      { kind: "stream", chunks: Array.from({ length: 400 }, () => "token "), delayMs: 10 },
    );
    let seen = 0;
    await readEvents(await service.post(ROUTE, { ...ask("Weather in Paris?"), stream: true }), (event) => {
      if (deltaTexts([event]).length > 0) seen += 1;
      return seen < 3;
    });
    await upstream.waitForAborts(1);
    expect(upstream.aborted).toBe(1);
    expect(upstream.requests).toHaveLength(2);
  });
});
