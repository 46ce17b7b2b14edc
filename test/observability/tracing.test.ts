import { describe, expect, it } from "vitest";
import { DynamoDbError } from "../../src/common/aws/dynamodb-client.js";
import { tracedDynamoDb } from "../../src/common/aws/traced-dynamodb.js";
import { createLogger } from "../../src/services/logger.js";
import { type Annotations, createTracing, type Tracing, untraced } from "../../src/services/tracing.js";
import { XRayTracing } from "../../src/services/xray-tracing.js";
import { testSettings } from "../support/settings.js";

/** Records what would be traced, and whether each traced call failed. */
class RecordingTracing implements Tracing {
  readonly calls: { name: string; annotations: Annotations | undefined; failed: boolean }[] = [];

  async traced<T>(name: string, work: () => Promise<T>, annotations?: Annotations): Promise<T> {
    const call = { name, annotations, failed: false };
    this.calls.push(call);
    try {
      return await work();
    } catch (error) {
      call.failed = true;
      throw error;
    }
  }

  tracedStream<T>(_name: string, open: () => Promise<AsyncIterable<T>>): Promise<AsyncIterable<T>> {
    return open();
  }

  async captured<C extends object>(client: C): Promise<C> {
    return client;
  }
}

describe("tracing", () => {
  it("is the pass-through with TRACING off, the default", async () => {
    const { settings } = testSettings();
    expect(settings.TRACING).toBe(false);
    const tracing = createTracing(settings, createLogger(settings));
    expect(tracing).toBe(untraced);
    const stream = (async function* () {
      yield 1;
    })();
    await expect(tracing.traced("work", async () => 42)).resolves.toBe(42);
    await expect(tracing.traced("work", () => Promise.reject(new Error("kept")))).rejects.toThrow("kept");
    await expect(tracing.tracedStream("stream", async () => stream)).resolves.toBe(stream);
    const client = { middlewareStack: {} };
    await expect(tracing.captured(client)).resolves.toBe(client);
  });

  it("reads TRACING as the boolean setting it is", () => {
    expect(testSettings({ TRACING: "true" }).settings.TRACING).toBe(true);
    expect(() => testSettings({ TRACING: "sometimes" })).toThrow(/TRACING/);
  });

  it("runs the work untraced where Powertools turns itself off: outside Lambda", async () => {
    expect(process.env.AWS_EXECUTION_ENV).toBeUndefined();
    const tracing = new XRayTracing("aws-openai-test");
    await expect(tracing.traced("work", async () => "done", { app: "a" })).resolves.toBe("done");
    await expect(tracing.traced("work", () => Promise.reject(new Error("kept")))).rejects.toThrow("kept");
    const chunks: number[] = [];
    const numbers = async function* () {
      yield* [1, 2];
    };
    for await (const chunk of await tracing.tracedStream("stream", async () => numbers())) chunks.push(chunk);
    expect(chunks).toEqual([1, 2]);
  });
});

describe("the usage meter's DynamoDB calls, traced", () => {
  it("name each subsegment after the operation, annotated with its table", async () => {
    const tracing = new RecordingTracing();
    const dynamo = tracedDynamoDb({ send: async (operation) => ({ operation }) }, tracing);

    await expect(dynamo.send("UpdateItem", { TableName: "usage" })).resolves.toEqual({
      operation: "UpdateItem",
    });
    await dynamo.send("BatchGetItem", { RequestItems: {} });

    expect(tracing.calls).toEqual([
      { name: "DynamoDB.UpdateItem", annotations: { table: "usage" }, failed: false },
      { name: "DynamoDB.BatchGetItem", annotations: {}, failed: false },
    ]);
  });

  it("trace a condition that did not hold as DynamoDB's answer, and still hand the caller its error", async () => {
    const tracing = new RecordingTracing();
    const refusal = new DynamoDbError("ConditionalCheckFailedException", "budget spent", false);
    const dynamo = tracedDynamoDb({ send: () => Promise.reject(refusal) }, tracing);

    await expect(dynamo.send("UpdateItem", { TableName: "usage" })).rejects.toBe(refusal);
    expect(tracing.calls).toMatchObject([{ name: "DynamoDB.UpdateItem", failed: false }]);
  });

  it("trace any other failure as a failed call", async () => {
    const tracing = new RecordingTracing();
    const throttled = new DynamoDbError("ProvisionedThroughputExceededException", "slow down", true);
    const dynamo = tracedDynamoDb({ send: () => Promise.reject(throttled) }, tracing);

    await expect(dynamo.send("UpdateItem", { TableName: "usage" })).rejects.toBe(throttled);
    expect(tracing.calls).toMatchObject([{ name: "DynamoDB.UpdateItem", failed: true }]);
  });
});
