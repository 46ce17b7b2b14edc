import { mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AUTHORIZER_HANDLER,
  handlerNames,
  type Manifest,
  packageAll,
  routeHandlerNames,
  streamingHandlerNames,
} from "../../scripts/package.js";
import { coldStart } from "../../scripts/package-lambda-invoke.js";
import { prepareLambdaLayout } from "../../scripts/package-lambda-layout.js";
import type { FinalChunk } from "../../src/common/streaming/chat-events.js";
import { OPENAI_COMPAT } from "../../src/core/routes.js";
import { deltaTexts, finalEvent, parseEvents } from "../support/sse.js";
import { faults, startFakeAws } from "./support/fake-aws.js";
import {
  OPENAI_KEY_PARAMETER,
  SMOKE_OPENAI_KEY,
  smokeEvent,
  smokeStreamEvent,
  terraformEnvironment,
} from "./support/smoke-setup.js";
import { type SmokeStack, startSmokeStack } from "./support/smoke-stack.js";

/**
 * Each package loaded exactly as Lambda loads it: unzipped into a task root and a layer root, a fresh
 * plain `node` process with Lambda's environment and Terraform's variables, invoked with a real API
 * Gateway event. The OpenAI key comes from (a stand-in for) Parameter Store; the model is the offline one.
 */

const CHAT_FUNCTIONS = new Set(["openai_v2", "langchain", "openai_function"]);

describe("packages run in a Lambda-like layout", () => {
  const packageDir = mkdtempSync(join(tmpdir(), "lambda-packages-"));
  const layoutRoots: string[] = [];
  let manifest: Manifest;
  let stack: SmokeStack;

  beforeAll(async () => {
    [manifest, stack] = await Promise.all([packageAll(packageDir), startSmokeStack()]);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await Promise.all([packageDir, ...layoutRoots].map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("packages every handler folder", () => {
    expect(Object.keys(manifest.functions).sort()).toEqual(handlerNames());
  });

  it.each(routeHandlerNames())("%s answers 200 on its first invocation", async (name) => {
    const layout = await prepareLambdaLayout({
      packageDir,
      functionName: name,
      functionEnvironment: terraformEnvironment(name),
      overrides: stack.overrides(name),
    });
    layoutRoots.push(layout.root);

    const run = await coldStart(layout, smokeEvent(name));

    expect(run.error, run.output).toBeUndefined();
    expect(run.result?.statusCode, `${run.result?.body}\n${run.output}`).toBe(200);
    const body = JSON.parse(run.result?.body ?? "{}") as Record<string, unknown>;
    if (CHAT_FUNCTIONS.has(name)) {
      expect(body).toMatchObject({
        object: "chat.completion",
        request_meta_data: { lambda: `lambda_${name}` },
      });
    } else if (name === OPENAI_COMPAT) {
      // OpenAI's own chat.completion: the service's request_meta_data stays out of this door.
      expect(body).toMatchObject({ object: "chat.completion" });
      expect(body).not.toHaveProperty("request_meta_data");
    } else {
      expect(body).toMatchObject({ setting_sources: { OPENAI_API_KEY: "ssm parameter store" } });
    }
    expect(`${run.output}${run.result?.body}`).not.toContain(SMOKE_OPENAI_KEY);
    if (name === "openai_function" || name === OPENAI_COMPAT) {
      // The bundled plugins come from the layer (PLUGINS_DIR=/opt/nodejs/plugins), S3 adds to them.
      expect(run.output).not.toContain("No plugin folder at");
      expect(run.output).not.toContain("Cannot read plugins from S3");
    }
    if (name === "openai_function")
      expect(body).toMatchObject({ request_meta_data: { plugins: ["NimbusNotes"] } });
  });

  it("read the OpenAI key from Parameter Store, signed, at each cold start", () => {
    const reads = stack.aws.calls.filter((call) => call.target === "AmazonSSM.GetParameters");
    expect(reads).toHaveLength(routeHandlerNames().length);
    for (const read of reads) {
      expect(JSON.parse(read.body)).toMatchObject({ Names: [OPENAI_KEY_PARAMETER] });
      expect(read.signatureValid).toBe(true);
    }
  });

  // The conversation store and its DynamoDB client are a chunk of their own (scripts/package-bundle.ts),
  // loaded from the task root by the first request that names a conversation.
  it.each([...CHAT_FUNCTIONS])(
    "%s loads its conversation store from its chunk when a request names a conversation, cold and warm",
    async (name) => {
      const layout = await prepareLambdaLayout({
        packageDir,
        functionName: name,
        functionEnvironment: terraformEnvironment(name),
        overrides: stack.overrides(name),
      });
      layoutRoots.push(layout.root);
      const event = smokeEvent(name);
      const conversationId = `lambda-smoke-${name}`;
      // The server keeps the turns of a named conversation, so the request carries none of its own.
      const body = {
        ...(JSON.parse(event.body ?? "{}") as object),
        chat_history: undefined,
        conversation_id: conversationId,
      };

      const run = await coldStart(layout, { ...event, body: JSON.stringify(body) }, { warmInvocations: 1 });

      expect(run.error, run.output).toBeUndefined();
      expect(run.result?.statusCode, `${run.result?.body}\n${run.output}`).toBe(200);
      expect(JSON.parse(run.result?.body ?? "{}")).toMatchObject({
        request_meta_data: { conversation_id: conversationId },
      });
      expect(run.warm?.statusCodes).toEqual([200]);
    },
  );

  it("api_key_authorizer hands API Gateway the bearer key, with no settings and without logging it", async () => {
    const layout = await prepareLambdaLayout({
      packageDir,
      functionName: AUTHORIZER_HANDLER,
      functionEnvironment: {},
    });
    layoutRoots.push(layout.root);
    const event = JSON.parse(
      readFileSync(new URL("fixtures/events/api_key_authorizer.json", import.meta.url), "utf8"),
    ) as APIGatewayRequestAuthorizerEvent;

    const run = await coldStart(layout, event);

    expect(run.error, run.output).toBeUndefined();
    expect(run.result as unknown).toMatchObject({
      policyDocument: { Statement: [{ Effect: "Allow", Resource: event.methodArn }] },
      usageIdentifierKey: "sk-usage-plan-key-0123456789",
    });
    expect(run.output).not.toContain("sk-usage-plan-key-0123456789");
  });

  it.each(streamingHandlerNames())(
    "%s streams its answer when the request asks for a stream",
    async (name) => {
      const layout = await prepareLambdaLayout({
        packageDir,
        functionName: name,
        functionEnvironment: terraformEnvironment(name),
        overrides: stack.overrides(name),
      });
      layoutRoots.push(layout.root);

      const run = await coldStart(layout, smokeStreamEvent(name));

      expect(run.error, run.output).toBeUndefined();
      expect(run.result?.statusCode, `${run.result?.body}\n${run.output}`).toBe(200);
      expect(run.result?.headers?.["content-type"]).toBe("text/event-stream; charset=utf-8");
      const events = parseEvents(run.result?.body ?? "");
      expect(events.at(-1)?.data).toBe("[DONE]");
      expect(deltaTexts(events).join("")).toContain("[Offline model]");
      if (name === OPENAI_COMPAT) expect(run.result?.body).not.toContain("request_meta_data");
      else
        expect(finalEvent<FinalChunk>(events).request_meta_data).toMatchObject({ lambda: `lambda_${name}` });
      expect(`${run.output}${run.result?.body}`).not.toContain(SMOKE_OPENAI_KEY);
    },
  );

  it("has the whole answer out when its stream ends, before the usage meter's write that follows it returns", async () => {
    const dynamoDb = stack.overrides("openai_v2").DYNAMODB_ENDPOINT ?? "";
    const slowTable = await startFakeAws({}, "unchecked", { dynamoDb });
    try {
      const WRITE_DELAY_MS = 600;
      slowTable.script(faults.delay(WRITE_DELAY_MS));
      const layout = await prepareLambdaLayout({
        packageDir,
        functionName: "openai_v2",
        functionEnvironment: terraformEnvironment("openai_v2"),
        overrides: { ...stack.overrides("openai_v2"), DYNAMODB_ENDPOINT: slowTable.url },
      });
      layoutRoots.push(layout.root);

      const run = await coldStart(layout, smokeEvent("openai_v2"));

      expect(run.error, run.output).toBeUndefined();
      expect(run.result?.statusCode, `${run.result?.body}\n${run.output}`).toBe(200);
      expect(slowTable.calls.map((call) => call.target)).toEqual(["DynamoDB_20120810.UpdateItem"]);
      // The handler returns once the meter's write is answered; the client had the answer before it.
      expect((run.returnedMs ?? 0) - (run.respondedMs ?? 0)).toBeGreaterThan(WRITE_DELAY_MS * 0.8);
      expect(run.firstResponseMs).toBeLessThan((run.returnedMs ?? 0) - WRITE_DELAY_MS * 0.5);
    } finally {
      await slowTable.close();
    }
  });
});
