import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/services/logger.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { expectJsonError } from "./http-checks.js";

/**
 * A password inside OPENAI_BASE_URL is a secret like the key: when the model service quotes it (or the
 * URL it came with) in an error, neither the log line nor the caller's error body shows it.
 */

const PASSWORD = "pw-in-url-3141";
const SHORT_PASSWORD = "pw";

let upstream: FakeUpstream;
let service: RunningService;
const logger = createLogger({ LOG_LEVEL: "SILENT", DEBUG_MODE: false });
const logged = () =>
  vi
    .mocked(logger.error)
    .mock.calls.map((call) => JSON.stringify(call))
    .join("\n") +
  vi
    .mocked(logger.info)
    .mock.calls.map((call) => JSON.stringify(call))
    .join("\n");

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const withPassword = upstream.url.replace("http://", `http://proxy-user:${PASSWORD}@`);
  service = await startTestService(
    upstreamSettings({ url: withPassword }, { OPENAI_TIMEOUT_MS: "2000", ...UNTHROTTLED }),
    { logger },
  );
});
afterAll(async () => {
  await service?.stop();
  await upstream?.close();
});
beforeEach(() => {
  upstream.reset();
  vi.spyOn(logger, "error");
  vi.spyOn(logger, "info");
});

const quoting = (status: number) => ({
  kind: "status" as const,
  status,
  body: {
    error: {
      message: `no route for http://proxy-user:${PASSWORD}@upstream/v1 (password ${PASSWORD}), nor http://a:${SHORT_PASSWORD}@b/v1?api_key=k-77&region=eu`,
      type: "invalid_request_error",
    },
  },
});

describe("secrets inside a URL setting are scrubbed from logs and errors", () => {
  it("keeps them out of the error log line of an upstream failure", async () => {
    upstream.reply(quoting(500));
    await expectJsonError(await service.post("/passthrough", { input_text: "hi" }), 502, "upstream_error");
    const log = logged();
    expect(log).toContain("no route for http://proxy-user:********@upstream/v1");
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(`:${SHORT_PASSWORD}@`);
    expect(log).not.toContain("k-77");
    expect(log).toContain("region=eu");
  });

  it("keeps them out of the error body that passes on the model service's reason", async () => {
    upstream.reply(quoting(400));
    const body = await expectJsonError(
      await service.post("/passthrough", { input_text: "hi" }),
      400,
      "invalid_request",
    );
    expect(body.error.message).toContain("no route for http://proxy-user:********@upstream/v1");
    expect(body.error.message).not.toContain(PASSWORD);
    expect(body.error.message).not.toContain(`:${SHORT_PASSWORD}@`);
    expect(body.error.message).not.toContain("k-77");
    expect(logged()).not.toContain(PASSWORD);
  });
});
