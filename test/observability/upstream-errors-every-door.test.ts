import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServiceMetrics, METRIC } from "../../src/services/metrics.js";
import {
  type FakeUpstream,
  startFakeUpstream,
  type UpstreamBehaviour,
  upstreamSettings,
} from "../support/fake-upstream.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { testSettings } from "../support/settings.js";

interface Door {
  name: string;
  path: string;
  body: Record<string, unknown>;
}

const messages = [{ role: "user", content: "Hi" }];
const examples = (slug: string, stream: boolean): Door => ({
  name: `/examples/${slug}${stream ? ", streamed" : ""}`,
  path: `/examples/${slug}`,
  body: { input_text: "Hi", ...(stream ? { stream } : {}) },
});
const v1 = (model: string, stream: boolean): Door => ({
  name: `/v1 model ${model}${stream ? ", streamed" : ""}`,
  path: "/v1/chat/completions",
  body: { model, messages, ...(stream ? { stream } : {}) },
});

/** The same apps through both doors, the three chat handlers and a plain upstream model. */
const DOORS: Door[] = [
  examples("default-grammar", false),
  examples("default-grammar", true),
  examples("default-marv-sarcastic-chat", false),
  examples("default-marv-sarcastic-chat", true),
  v1("default-grammar", false),
  v1("default-marv-sarcastic-chat", false),
  v1("openai-function-calling", false),
  v1("gpt-4o-mini", false),
  v1("gpt-4o-mini", true),
  v1("default-marv-sarcastic-chat", true),
];

interface Failure {
  name: string;
  behaviour: UpstreamBehaviour;
  status: number;
  /** The `error_type` of its one UpstreamErrors line; undefined: not the model service's failure. */
  counted: string | undefined;
}

const FAILURES: Failure[] = [
  { name: "a 500", behaviour: { kind: "status", status: 500 }, status: 502, counted: "upstream_error" },
  {
    name: "a rate limit",
    behaviour: { kind: "status", status: 429, retryAfterSeconds: 60 },
    status: 429,
    counted: "rate_limited",
  },
  {
    // On a buffered call it is a body whose connection breaks after the headers.
    name: "a connection broken mid-answer",
    behaviour: { kind: "stream-error", after: 0 },
    status: 502,
    counted: "upstream_error",
  },
  {
    name: "a refusal of the caller's request (400)",
    behaviour: { kind: "status", status: 400 },
    status: 400,
    counted: undefined,
  },
];

interface EmfLine {
  [field: string]: unknown;
}

/** The lines are written once the reply is out; a failure answered whole has no other line to wait for. */
async function settledLines(lines: readonly string[]): Promise<EmfLine[]> {
  let seen = -1;
  while (seen !== lines.length) {
    seen = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return lines.map((line) => JSON.parse(line) as EmfLine);
}

describe("UpstreamErrors counts each model service failure once, on every door", () => {
  let upstream: FakeUpstream;
  const lines: string[] = [];
  let service: RunningService;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    service = await startTestService(upstreamSettings(upstream, { OPENAI_TIMEOUT_MS: "2000" }), {
      services: { metrics: createServiceMetrics(testSettings().settings, (line) => lines.push(line)) },
    });
  });
  afterAll(async () => {
    await service.stop();
    await upstream.close();
  });
  beforeEach(() => {
    lines.length = 0;
    upstream.reset();
  });

  for (const failure of FAILURES)
    describe(failure.name, () => {
      for (const door of DOORS)
        it(door.name, async () => {
          upstream.reply(failure.behaviour);
          const response = await service.post(door.path, door.body);
          const text = await response.text();
          const counted = (await settledLines(lines)).filter((line) => METRIC.upstreamErrors in line);
          expect(upstream.requests).toHaveLength(1);
          if (failure.behaviour.kind === "stream-error" && door.body.stream) {
            // Streamed, the failure comes after the first chunk: an error event ends the stream.
            expect(response.status).toBe(200);
            expect(text).toContain("upstream_error");
          } else expect(response.status, text).toBe(failure.status);
          if (failure.counted === undefined) expect(counted).toEqual([]);
          else expect(counted).toEqual([expect.objectContaining({ error_type: failure.counted })]);
        });
    });

  it("a call retried within its deadline is one failure", async () => {
    const retrying = await startTestService(
      upstreamSettings(upstream, { OPENAI_TIMEOUT_MS: "10000", OPENAI_MAX_RETRIES: "2" }),
      { services: { metrics: createServiceMetrics(testSettings().settings, (line) => lines.push(line)) } },
    );
    try {
      upstream.reply(
        ...Array.from({ length: 3 }, (): UpstreamBehaviour => ({ kind: "status", status: 500 })),
      );
      const response = await retrying.post("/v1/chat/completions", { model: "gpt-4o-mini", messages });
      expect(response.status).toBe(502);
      expect(upstream.requests).toHaveLength(3);
      const counted = (await settledLines(lines)).filter((line) => METRIC.upstreamErrors in line);
      expect(counted).toEqual([
        expect.objectContaining({ error_type: "upstream_error", app: "passthrough" }),
      ]);
    } finally {
      await retrying.stop();
    }
  });
});
