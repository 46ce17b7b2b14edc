import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/common/catalog/index.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import type { CompletionBody } from "./http-checks.js";

const CONCURRENT = 200;

let service: RunningService;

beforeAll(async () => {
  service = await startTestService({
    THROTTLE_SETTINGS_RATE_LIMIT: "100000",
    THROTTLE_SETTINGS_BURST_LIMIT: "1000",
    QUOTA_SETTINGS_LIMIT: "100000",
  });
});
afterAll(() => service.stop());

interface Call {
  path: string;
  body: unknown;
  token: string;
  app?: string;
}

/** Mixed routes, each request carrying its own token, so each answer can be matched to its request. */
function calls(): Call[] {
  const apps = getCatalog().apps;
  const passthroughPaths = ["/passthrough", "/langchain", "/openai_function_passthrough"];
  return Array.from({ length: CONCURRENT }, (_, index) => {
    const token = `token-${index}-${Math.random().toString(36).slice(2, 10)}`;
    const app = apps[index % (apps.length + 1)];
    if (app && index % 2 === 0)
      return {
        path: `/examples/${app.slug}`,
        body: {
          input_text: `Request ${token}`,
          chat_history: [{ sender: "user", message: `earlier ${index}` }],
        },
        token,
        app: app.slug,
      };
    const path = passthroughPaths[index % passthroughPaths.length] ?? "/passthrough";
    const body =
      index % 3 === 0
        ? { input_text: `Request ${token}`, temperature: (index % 20) / 10 }
        : {
            messages: [
              { role: "system", content: "Be brief." },
              { role: "user", content: `Request ${token}` },
            ],
          };
    return { path, body, token };
  });
}

describe(`${CONCURRENT} concurrent requests`, () => {
  it("are all answered 200, each with its own input", async () => {
    const planned = calls();
    const started = performance.now();
    const results = await Promise.all(
      planned.map(async (call) => {
        const response = await service.post(call.path, call.body);
        return {
          call,
          status: response.status,
          requestId: response.headers.get("x-request-id"),
          body: (await response.json()) as CompletionBody,
        };
      }),
    );
    const elapsed = performance.now() - started;

    for (const { call, status, body } of results) {
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.object).toBe("chat.completion");
      expect(body.model).toMatch(/^offline/);
      expect(body.choices[0]?.message.content).toContain(`Request ${call.token}`);
      expect(body.request_meta_data.input_text).toBe(`Request ${call.token}`);
      if (call.app) expect(body.request_meta_data.app).toBe(call.app);
      else expect(body.request_meta_data.app).toBeUndefined();
    }
    const requestIds = new Set(results.map((result) => result.requestId));
    expect(requestIds.size).toBe(CONCURRENT);
    expect(results.filter((result) => result.call.app).length).toBe(CONCURRENT / 2);
    expect(service.accessLog.filter((line) => / 200 /.test(line))).toHaveLength(CONCURRENT);
    expect(elapsed).toBeLessThan(15_000);
  });
});
