import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openAIV2Services } from "../../src/handlers/openai_v2/services.js";
import { passthroughEvent } from "../support/events.js";
import { testContext } from "../support/lambda-context.js";
import { testServices } from "../support/settings.js";
import { invokeStreamingEntry } from "../support/streaming-entry.js";

type Entry = typeof import("../../src/handlers/openai_v2/index.js");
let entry: Entry;

beforeAll(async () => {
  // The entry calls awslambda.streamifyResponse when it loads, as in Lambda.
  entry = await import("../../src/handlers/openai_v2/index.js");
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The JSON log lines the logger writes while `run` runs. */
async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.startsWith("{")) written.push(text);
    else return write(chunk, ...(rest as []));
    return true;
  });
  await run();
  return written.flatMap((text) => text.trim().split("\n")).map((line) => JSON.parse(line));
}

describe("log lines of a Lambda invocation", () => {
  it("carry cold_start, function_request_id and the X-Ray trace id on every line", async () => {
    // What Lambda sets in an on-demand execution environment; Powertools reports a cold start only there.
    vi.stubEnv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    vi.stubEnv(
      "_X_AMZN_TRACE_ID",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    );
    const handler = entry.openAIV2Handler(testServices(openAIV2Services, { LOG_LEVEL: "INFO" }));
    // Refused as invalid (400), which is logged at INFO.
    const invalid = passthroughEvent({ messages: [] });
    const first = await logLines(() => invokeStreamingEntry(handler, invalid));
    const second = await logLines(() => invokeStreamingEntry(handler, invalid));
    expect(first.length).toBeGreaterThan(0);
    for (const line of first)
      expect(line).toMatchObject({
        cold_start: true,
        function_request_id: testContext().awsRequestId,
        function_name: testContext().functionName,
        xray_trace_id: "1-5759e988-bd862e3fe1be46a994272793",
        level: "INFO",
      });
    expect(second.length).toBeGreaterThan(0);
    for (const line of second) expect(line).toMatchObject({ cold_start: false });
  });
});
