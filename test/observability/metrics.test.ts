import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { callerOf } from "../../src/core/caller.js";
import { createServiceMetrics, METRIC } from "../../src/services/metrics.js";
import { expectJsonError } from "../e2e/http-checks.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { testSettings } from "../support/settings.js";
import { finalEvent, readEvents } from "../support/sse.js";

interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [field: string]: unknown;
}

const KEY = "metrics-key-0123456789abcdef";
const POOR_KEY = "metrics-poor-key-0123456789";
const ownerId = (key: string) => {
  const caller = callerOf(key);
  return caller.kind === "key" ? caller.id : "anonymous";
};

function emfRecorder() {
  const lines: string[] = [];
  const settings = testSettings().settings;
  return { lines, metrics: createServiceMetrics(settings, (line) => lines.push(line)) };
}

const parsed = (lines: readonly string[]) => lines.map((line) => JSON.parse(line) as EmfLine);
const metricNames = (line: EmfLine) =>
  line._aws.CloudWatchMetrics[0]?.Metrics.map((metric) => metric.Name) ?? [];

/** The line of an answer is written once the answer is out: wait for it. */
async function linesOnceThere(lines: readonly string[], count: number): Promise<EmfLine[]> {
  const deadline = Date.now() + 5_000;
  while (lines.length < count && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return parsed(lines);
}

describe("EMF metrics of the answers, over HTTP with the offline model", () => {
  const recorder = emfRecorder();
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(
      { API_KEYS: `${KEY},${POOR_KEY}`, TOKEN_BUDGET_OVERRIDES: `${ownerId(POOR_KEY)}=1/0`, ...UNTHROTTLED },
      { services: { metrics: recorder.metrics } },
    );
  });
  afterAll(() => service.stop());

  it("writes tokens, latencies and a cold start per answer, with the dimensions app and model", async () => {
    const whole = (await (
      await service.post("/examples/default-grammar", { input_text: "me and him goes" }, { "x-api-key": KEY })
    ).json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const events = await readEvents(
      await service.post(
        "/passthrough",
        { messages: [{ role: "user", content: "Hello" }], stream: true },
        { "x-api-key": KEY },
      ),
    );
    const streamed = finalEvent<{ usage: { prompt_tokens: number; completion_tokens: number } }>(
      events,
    ).usage;

    const [coldStart, first, second] = await linesOnceThere(recorder.lines, 3);
    // The execution environment's first line is its cold start's, under the first answer's app and model.
    expect(coldStart).toMatchObject({ app: "default-grammar", model: "gpt-4o-mini", [METRIC.coldStarts]: 1 });
    expect(metricNames(coldStart as EmfLine)).toEqual([METRIC.coldStarts]);
    for (const line of [coldStart, first, second]) {
      const directive = line?._aws.CloudWatchMetrics[0];
      expect(directive?.Namespace).toBe("aws-openai");
      expect(directive?.Dimensions).toEqual([["service", "app", "model"], ["service"]]);
      expect(line?._aws.Timestamp).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(first).toMatchObject({
      app: "default-grammar",
      model: "gpt-4o-mini",
      [METRIC.answers]: 1,
      [METRIC.promptTokens]: whole.usage.prompt_tokens,
      [METRIC.completionTokens]: whole.usage.completion_tokens,
    });
    expect(metricNames(first as EmfLine)).toEqual(
      expect.arrayContaining([METRIC.firstTokenLatency, METRIC.answerLatency]),
    );
    expect(second).toMatchObject({
      app: "passthrough",
      [METRIC.promptTokens]: streamed.prompt_tokens,
      [METRIC.completionTokens]: streamed.completion_tokens,
    });
    for (const line of [first, second]) expect(metricNames(line as EmfLine)).not.toContain(METRIC.coldStarts);
    const latencies = second as Record<string, number>;
    expect(latencies[METRIC.firstTokenLatency]).toBeGreaterThan(0);
    expect(latencies[METRIC.firstTokenLatency]).toBeLessThanOrEqual(latencies[METRIC.answerLatency] ?? 0);
    expect(recorder.lines.join("\n")).not.toContain(KEY);
  });

  it("counts a budget refusal", async () => {
    const before = recorder.lines.length;
    await expectJsonError(
      await service.post(
        "/passthrough",
        { messages: [{ role: "user", content: "Hi" }] },
        { "x-api-key": POOR_KEY },
      ),
      429,
      "budget_exceeded",
    );
    const refusal = (await linesOnceThere(recorder.lines, before + 1)).at(-1);
    expect(refusal).toMatchObject({ app: "passthrough", [METRIC.budgetRefusals]: 1 });
    expect(metricNames(refusal as EmfLine)).not.toContain(METRIC.answers);
  });
});

describe("EMF metrics of upstream failures", () => {
  let upstream: FakeUpstream;
  const recorder = emfRecorder();
  let service: RunningService;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    service = await startTestService(upstreamSettings(upstream, { OPENAI_TIMEOUT_MS: "1000" }), {
      services: { metrics: recorder.metrics },
    });
  });
  afterAll(async () => {
    await service.stop();
    await upstream.close();
  });

  it("counts them by error type, and no answer", async () => {
    upstream.reply({ kind: "status", status: 500 });
    await expectJsonError(
      await service.post("/passthrough", { messages: [{ role: "user", content: "Hi" }] }),
      502,
    );
    const [coldStart, line] = await linesOnceThere(recorder.lines, 2);
    expect(coldStart?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ["service", "app", "model"],
      ["service"],
    ]);
    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ["service", "app", "model", "error_type"],
      ["service"],
    ]);
    expect(line).toMatchObject({
      app: "passthrough",
      error_type: "upstream_error",
      [METRIC.upstreamErrors]: 1,
    });
    expect(metricNames(line as EmfLine)).not.toContain(METRIC.answers);
  });
});

describe("where EMF lines go", () => {
  afterEach(() => vi.restoreAllMocks());

  it("locally, to stdout at DEBUG only", () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const figures = {
      app: "a",
      model: "m",
      promptTokens: 3,
      completionTokens: 4,
      estimated: true,
      firstTokenMs: 1,
      totalMs: 2,
    };
    createServiceMetrics(testSettings({ LOG_LEVEL: "INFO" }).settings).answered(figures);
    expect(written).toEqual([]);
    createServiceMetrics(testSettings({ DEBUG_MODE: "true" }).settings).answered(figures);
    // The environment's cold start, then the answer.
    expect(written).toHaveLength(2);
    expect(JSON.parse(written[0] ?? "{}")).toMatchObject({ [METRIC.coldStarts]: 1 });
    expect(JSON.parse(written[1] ?? "{}")).toMatchObject({
      [METRIC.estimatedAnswers]: 1,
      [METRIC.promptTokens]: 3,
    });
  });
});
