import { createSocket, type Socket } from "node:dgram";
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { packageAll } from "../../scripts/package.js";
import { bundleHandler } from "../../scripts/package-bundle.js";
import { invocationIds } from "../../scripts/package-lambda-invocation.js";
import { coldStart } from "../../scripts/package-lambda-invoke.js";
import { prepareLambdaLayout } from "../../scripts/package-lambda-layout.js";
import { MODEL_CALL_SEGMENT } from "../../src/common/openai/model-call-trace.js";
import { type FakeUpstream, startFakeUpstream } from "../support/fake-upstream.js";
import { parseEvents } from "../support/sse.js";
import { smokeEvent, smokeStreamEvent, terraformEnvironment } from "./support/smoke-setup.js";
import { type SmokeStack, startSmokeStack } from "./support/smoke-stack.js";

/**
 * X-Ray from a function package run as Lambda runs it (test/deploy/lambda-smoke.test.ts): each
 * invocation gets its trace header, the subsegments go by UDP to AWS_XRAY_DAEMON_ADDRESS, here a
 * socket of this test, against the offline model (or a fake upstream) and dynalite: the model call,
 * the conversation store's SDK calls (`DynamoDB`, by operation) and the usage meter's signed ones
 * (`DynamoDB.<operation>`).
 */

interface SegmentDocument {
  name: string;
  id: string;
  trace_id: string;
  parent_id?: string;
  type?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  fault?: boolean;
  error?: boolean;
  annotations?: Record<string, unknown>;
  aws?: { operation?: string; table_name?: string };
  cause?: { exceptions?: { message?: string }[] };
}

/** What an X-Ray daemon would receive: each datagram is a JSON header line, then the document. */
class FakeDaemon {
  readonly documents: SegmentDocument[] = [];
  datagrams = 0;

  private constructor(private readonly socket: Socket) {
    socket.on("message", (message) => {
      this.datagrams++;
      const [header, body] = message.toString("utf8").split("\n", 2);
      expect(JSON.parse(header ?? "")).toEqual({ format: "json", version: 1 });
      this.documents.push(JSON.parse(body ?? "") as SegmentDocument);
    });
  }

  static async start(): Promise<FakeDaemon> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    return new FakeDaemon(socket);
  }

  get address(): string {
    return `127.0.0.1:${(this.socket.address() as AddressInfo).port}`;
  }

  /** The documents of one trace, once one named `last` has arrived (UDP gives no other signal). */
  async ofTrace(traceRoot: string, last: string): Promise<SegmentDocument[]> {
    const deadline = Date.now() + 5_000;
    const ofTrace = () => this.documents.filter((document) => document.trace_id === traceRoot);
    while (!ofTrace().some(({ name }) => name === last) && Date.now() < deadline) await sleep(20);
    return ofTrace();
  }

  reset(): void {
    this.documents.length = 0;
    this.datagrams = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

const DYNAMODB_OPERATIONS = new Set(["GetItem", "PutItem", "UpdateItem", "Query", "BatchWriteItem"]);

describe("X-Ray tracing in a Lambda-like layout", () => {
  const packageDir = mkdtempSync(join(tmpdir(), "lambda-tracing-"));
  const layoutRoots: string[] = [];
  let stack: SmokeStack;
  let daemon: FakeDaemon;
  let upstream: FakeUpstream;

  beforeAll(async () => {
    [, stack, daemon, upstream] = await Promise.all([
      packageAll(packageDir),
      startSmokeStack(),
      FakeDaemon.start(),
      startFakeUpstream(),
    ]);
  }, 120_000);

  beforeEach(() => {
    daemon.reset();
    upstream.reset();
  });

  afterAll(async () => {
    await Promise.all([stack?.close(), daemon?.close(), upstream?.close()]);
    await Promise.all([packageDir, ...layoutRoots].map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function layoutOf(name: string, overrides: Record<string, string>) {
    const layout = await prepareLambdaLayout({
      packageDir,
      functionName: name,
      functionEnvironment: terraformEnvironment(name),
      overrides: { ...stack.overrides(name), AWS_XRAY_DAEMON_ADDRESS: daemon.address, ...overrides },
    });
    layoutRoots.push(layout.root);
    return layout;
  }

  /** The app's request naming a conversation, so that the turn is read and stored in DynamoDB. */
  function conversationEvent(name: string, conversationId: string) {
    const event = smokeEvent(name);
    const body = {
      ...(JSON.parse(event.body ?? "{}") as object),
      chat_history: undefined,
      conversation_id: conversationId,
    };
    return { ...event, body: JSON.stringify(body) };
  }

  function expectChildrenOfTheFunctionSegment(documents: SegmentDocument[], invocation: number): void {
    const { traceRoot, segmentId } = invocationIds(invocation);
    for (const document of documents) {
      expect(document).toMatchObject({ type: "subsegment", trace_id: traceRoot, parent_id: segmentId });
      expect(document.end_time).toBeGreaterThanOrEqual(document.start_time);
    }
  }

  it("sends the model call and each DynamoDB operation under the invocation's trace, cold and warm", async () => {
    const layout = await layoutOf("openai_v2", { TRACING: "true" });

    const run = await coldStart(layout, conversationEvent("openai_v2", "traced-conversation"), {
      warmInvocations: 1,
    });

    expect(run.error, run.output).toBeUndefined();
    expect(run.result?.statusCode, run.output).toBe(200);
    expect(run.warm?.statusCodes).toEqual([200]);
    for (const invocation of [0, 1]) {
      // The usage meter settles the answer's tokens last, once the answer has gone out.
      const documents = await daemon.ofTrace(invocationIds(invocation).traceRoot, "DynamoDB.UpdateItem");
      expectChildrenOfTheFunctionSegment(documents, invocation);
      const modelCalls = documents.filter((document) => document.name === MODEL_CALL_SEGMENT);
      expect(modelCalls).toHaveLength(1);
      expect(modelCalls[0]?.annotations).toEqual({ app: "default-grammar", model: expect.any(String) });
      expect(modelCalls[0]).not.toHaveProperty("fault");
      const operations = documents
        .filter((document) => document.name === "DynamoDB")
        .map((document) => document.aws?.operation ?? "");
      // The turns are read before the call, and the turn and its summary written after it.
      expect(operations).toEqual(expect.arrayContaining(["Query", "PutItem", "UpdateItem"]));
      expect(operations.filter((operation) => !DYNAMODB_OPERATIONS.has(operation))).toEqual([]);
      const meterWrites = documents.filter((document) => document.name === "DynamoDB.UpdateItem");
      expect(meterWrites.map((document) => document.annotations)).toEqual([
        { table: terraformEnvironment("openai_v2").USAGE_TABLE },
      ]);
    }
    // Nothing outside the two invocations' traces, and every operation on the memory table.
    const traces = new Set([0, 1].map((invocation) => invocationIds(invocation).traceRoot));
    expect(daemon.documents.filter((document) => !traces.has(document.trace_id))).toEqual([]);
    for (const document of daemon.documents.filter(({ name }) => name === "DynamoDB"))
      expect(document.aws?.table_name).toBe(terraformEnvironment("openai_v2").MEMORY_TABLE);
  }, 30_000);

  it("keeps a streamed model call's subsegment open until the stream has ended", async () => {
    upstream.reply({ kind: "stream", chunks: ["Slow", " and", " steady"], delayMs: 250 });
    const layout = await layoutOf("openai_v2", { TRACING: "true", OPENAI_BASE_URL: upstream.url });

    const run = await coldStart(layout, smokeStreamEvent("openai_v2"));

    expect(run.error, run.output).toBeUndefined();
    expect(parseEvents(run.result?.body ?? "").at(-1)?.data).toBe("[DONE]");
    const [modelCall] = await daemon.ofTrace(invocationIds(0).traceRoot, MODEL_CALL_SEGMENT);
    expectChildrenOfTheFunctionSegment(modelCall ? [modelCall] : [], 0);
    expect(modelCall?.name).toBe(MODEL_CALL_SEGMENT);
    // Three chunks 250 ms apart: the first byte came long before the end.
    expect((modelCall?.end_time ?? 0) - (modelCall?.start_time ?? 0)).toBeGreaterThanOrEqual(0.5);
  }, 30_000);

  it("records a failed model call as a fault with its error type", async () => {
    upstream.reply({ kind: "status", status: 500 });
    const layout = await layoutOf("langchain", {
      TRACING: "true",
      OPENAI_BASE_URL: upstream.url,
      OPENAI_MAX_RETRIES: "0",
    });

    const run = await coldStart(layout, smokeEvent("langchain"));

    expect(run.result?.statusCode, run.output).toBe(502);
    const [modelCall] = await daemon.ofTrace(invocationIds(0).traceRoot, MODEL_CALL_SEGMENT);
    expectChildrenOfTheFunctionSegment(modelCall ? [modelCall] : [], 0);
    expect(modelCall).toMatchObject({
      name: MODEL_CALL_SEGMENT,
      fault: true,
      annotations: { app: "langchain", model: "gpt-4o-mini", error_type: "upstream_error" },
    });
    expect(modelCall?.cause?.exceptions?.length).toBeGreaterThan(0);
  }, 30_000);

  it("with tracing off sends nothing, and answers without the tracer's chunks in its package", async () => {
    const layout = await layoutOf("openai_v2", {});
    const { metafile } = await bundleHandler(new URL("../..", import.meta.url).pathname, "openai_v2");
    const tracerChunks = Object.entries(metafile.outputs)
      .filter(([, output]) =>
        Object.keys(output.inputs).some((input) =>
          /^node_modules\/(aws-xray-sdk-core|@aws-lambda-powertools\/tracer)\//.test(input),
        ),
      )
      .map(([file]) => file);
    expect(tracerChunks.length).toBeGreaterThan(0);
    await Promise.all(tracerChunks.map((file) => rm(join(layout.taskRoot, file))));

    const run = await coldStart(layout, conversationEvent("openai_v2", "untraced-conversation"), {
      warmInvocations: 1,
    });

    expect(run.error, run.output).toBeUndefined();
    expect(run.result?.statusCode, run.output).toBe(200);
    expect(run.warm?.statusCodes).toEqual([200]);
    await sleep(300);
    expect(daemon.datagrams).toBe(0);
  }, 30_000);
});
