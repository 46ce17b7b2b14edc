import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { restProxyHandler } from "../../src/adapters/rest-proxy/handler.js";
import { answerChat } from "../../src/handlers/openai_v2/chat.js";
import { openAIV2Handler } from "../../src/handlers/openai_v2/index.js";
import { openAIV2Services } from "../../src/handlers/openai_v2/services.js";
import { passthroughEvent } from "../support/events.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { testContext } from "../support/lambda-context.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { testServices } from "../support/settings.js";
import { invokeStreamingEntry } from "../support/streaming-entry.js";

/** Every door turns its event into a request once: the client's body text reaches JSON.parse once. */

let upstream: FakeUpstream;
let service: RunningService;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  service = await startTestService(upstreamSettings(upstream));
});
afterAll(async () => {
  await service.stop();
  await upstream.close();
});
afterEach(() => vi.restoreAllMocks());

/** A body no other JSON text in the process equals, and a counter of its parses. */
function countedBody(extra: Record<string, unknown> = {}) {
  const text = JSON.stringify({ input_text: `count my parses ${randomUUID()}`, ...extra });
  const parse = vi.spyOn(JSON, "parse");
  return { text, parses: () => parse.mock.calls.filter(([parsed]) => parsed === text).length };
}

const services = () => testServices(openAIV2Services, upstreamSettings(upstream));

describe("each door parses the body once", () => {
  it("API Gateway REST proxy (buffered)", async () => {
    const body = countedBody();
    const buffered = restProxyHandler({ name: "openai_v2", whole: answerChat }, services());
    const result = await buffered(passthroughEvent(body.text), testContext());
    expect(result.statusCode).toBe(200);
    expect(body.parses()).toBe(1);
  });

  it.each([false, true])("response streaming, REST proxy event (stream %s)", async (stream) => {
    const body = countedBody({ stream });
    const view = await invokeStreamingEntry(openAIV2Handler(services()), passthroughEvent(body.text));
    expect(view.head?.statusCode).toBe(200);
    expect(body.parses()).toBe(1);
  });

  it.each([false, true])("the local server over HTTP (stream %s)", async (stream) => {
    const body = countedBody({ stream });
    const response = await service.post("/passthrough", body.text);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(body.parses()).toBe(1);
  });
});
