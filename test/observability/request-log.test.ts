import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/services/logger.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { testSettings } from "../support/settings.js";

/** The debug line that opens a request, as the core writes it. */
describe("the request's debug log line names what the client called", () => {
  const logger = createLogger(testSettings({ LOG_LEVEL: "DEBUG" }).settings);
  const debug = vi.spyOn(logger, "debug").mockImplementation(() => {});
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService({ LOG_LEVEL: "DEBUG" }, { services: { logger } });
  });
  afterAll(() => service.stop());

  const requestLine = async (path: string, body: unknown) => {
    debug.mockClear();
    const response = await service.post(path, body);
    expect(response.status, await response.text()).toBe(200);
    const lines = debug.mock.calls.filter(([message]) => message === "request");
    expect(lines).toHaveLength(1);
    return lines[0]?.[1];
  };

  it.each([
    ["/examples/default-grammar", { input_text: "me and him goes" }, "default-grammar", "openai_v2"],
    ["/passthrough", { messages: [{ role: "user", content: "Hi" }] }, undefined, "openai_v2"],
    [
      "/v1/chat/completions",
      { model: "default-grammar", messages: [{ role: "user", content: "Hi" }] },
      "default-grammar",
      "openai_v2",
    ],
    [
      "/v1/chat/completions",
      { model: "default-marv-sarcastic-chat", messages: [{ role: "user", content: "Hi" }], stream: true },
      "default-marv-sarcastic-chat",
      "langchain",
    ],
    [
      "/v1/chat/completions",
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] },
      undefined,
      "openai_v2",
    ],
  ])("%s (%j)", async (path, body, app, handler) => {
    const line = await requestLine(path, body);
    expect(line).toMatchObject({ resource: path, handler, method: "POST" });
    expect((line as { app?: unknown }).app).toBe(app);
  });
});
