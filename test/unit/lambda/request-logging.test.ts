import type { APIGatewayProxyEvent } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { restProxyHandler } from "../../../src/adapters/rest-proxy/handler.js";
import { jsonReply } from "../../../src/core/reply.js";
import { coreServices } from "../../../src/services/core.js";
import { passthroughEvent } from "../../support/events.js";
import { testContext } from "../../support/lambda-context.js";
import { testSettings } from "../../support/settings.js";

function eventWithId(requestId: string): APIGatewayProxyEvent {
  const event = passthroughEvent({ input_text: "hello" });
  return { ...event, requestContext: { ...event.requestContext, requestId } };
}

/** A deferred answer, so a test decides the order in which concurrent requests finish. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("log lines of concurrent requests", () => {
  afterEach(() => vi.restoreAllMocks());

  it("each name their own request, whatever order the requests finish in", async () => {
    const services = coreServices(testSettings({ LOG_LEVEL: "DEBUG" }));
    const debug = vi.spyOn(services.logger, "debug").mockImplementation(() => {});
    const gates = new Map([
      ["first", gate()],
      ["second", gate()],
    ]);
    const handler = restProxyHandler(
      {
        name: "openai_v2",
        whole: async ({ requestId }) => {
          await gates.get(requestId)?.opened;
          return jsonReply(200, { requestId });
        },
      },
      () => Promise.resolve(services),
    );
    const first = handler(eventWithId("first"), testContext());
    const second = handler(eventWithId("second"), testContext());
    // The first request finishes while the second is still in flight, and the second after that.
    gates.get("first")?.open();
    await first;
    gates.get("second")?.open();
    await second;
    const lines = debug.mock.calls.map(([message, fields]) => ({
      message,
      requestId: (fields as { requestId?: unknown }).requestId,
    }));
    expect(lines).toEqual([
      { message: "request", requestId: "first" },
      { message: "request", requestId: "second" },
      { message: "response", requestId: "first" },
      { message: "response", requestId: "second" },
    ]);
  });
});
