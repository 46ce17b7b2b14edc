import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openAIV2Handler } from "../../src/handlers/openai_v2/index.js";
import { openAIV2Services } from "../../src/handlers/openai_v2/services.js";
import { installAwsLambdaGlobals } from "../../src/local/awslambda/globals.js";
import { passthroughEvent } from "../support/events.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { invokeFunctionUrl } from "../support/function-url.js";
import { testContext } from "../support/lambda-context.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { testServices } from "../support/settings.js";

/** Every door turns its event into a request once: the client's body text reaches JSON.parse once. */

let upstream: FakeUpstream;
let service: RunningService;
let openAIV2StreamingHandler: typeof import("../../src/handlers/openai_v2/function-url.js")["openAIV2StreamingHandler"];

beforeAll(async () => {
  installAwsLambdaGlobals();
  // The entry calls awslambda.streamifyResponse when it loads, as in Lambda.
  ({ openAIV2StreamingHandler } = await import("../../src/handlers/openai_v2/function-url.js"));
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
    const result = await openAIV2Handler(services())(passthroughEvent(body.text), testContext());
    expect(result.statusCode).toBe(200);
    expect(body.parses()).toBe(1);
  });

  it.each([false, true])("response streaming, REST proxy event (stream %s)", async (stream) => {
    const body = countedBody({ stream });
    const view = await invokeFunctionUrl(openAIV2StreamingHandler(services()), passthroughEvent(body.text));
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
