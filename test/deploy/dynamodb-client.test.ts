import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbJsonClient, isConditionFailure } from "../../src/common/aws/dynamodb-client.js";
import { toItem } from "../../src/common/aws/dynamodb-values.js";
import { createDynamoClient } from "../../src/common/memory/index.js";
import { UsageStore, usageDynamoDbClient } from "../../src/common/usage/index.js";
import { type DynamoLocal, ensureUsageTable, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { emptyDir, testSettings } from "../support/settings.js";
import { type FakeAws, faults, startFakeAws } from "./support/fake-aws.js";

const TABLE = "signed-usage";
const SECRET_ACCESS_KEY = "lambda-like-dynamodb-secret";
const NO_BUDGETS = { day: 0, month: 0 };

let dynamo: DynamoLocal;
let aws: FakeAws;
/** What Lambda gives a function: its role's credentials, and here the fake endpoint in front of dynalite. */
let lambdaEnv: Record<string, string>;
let owners = 0;

beforeAll(async () => {
  dynamo = await startDynamoLocal(emptyDir("dynamodb-client-"));
  const tables = createDynamoClient(testSettings({ DYNAMODB_ENDPOINT: dynamo.url }).settings);
  await ensureUsageTable(tables, TABLE);
  tables.destroy();
  aws = await startFakeAws({}, SECRET_ACCESS_KEY, { dynamoDb: dynamo.url });
  lambdaEnv = {
    AWS_ENDPOINT_URL: aws.url,
    AWS_ACCESS_KEY_ID: "ASIATESTTESTTESTTEST",
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN: "test-session-token",
  };
});
afterEach(() => aws.reset());
afterAll(async () => {
  await aws.close();
  await dynamo.close();
});

/** The store as a deployed function makes it: no DYNAMODB_ENDPOINT, credentials from the environment. */
async function deployedStore(): Promise<UsageStore> {
  const { settings } = testSettings({ USAGE_TABLE: TABLE });
  return new UsageStore(await usageDynamoDbClient(settings, lambdaEnv), { tableName: TABLE });
}

const answer = {
  app: "translator",
  model: "gpt-4o-mini",
  promptTokens: 12,
  completionTokens: 30,
  estimated: false,
};

async function answerOnce(store: UsageStore, owner: string): Promise<void> {
  const reservation = await store.reserve(owner, { promptTokens: 12, maxCompletionTokens: 100 }, NO_BUDGETS);
  await store.settle(reservation, answer);
}

/** A client with short attempts and instant retries, to play faults quickly. */
function quickClient(maxAttempts: number): DynamoDbJsonClient {
  return new DynamoDbJsonClient({
    region: "us-east-1",
    credentials: { accessKeyId: "ASIATESTTESTTESTTEST", secretAccessKey: SECRET_ACCESS_KEY },
    endpoint: new URL(aws.url),
    retry: { maxAttempts, attemptTimeoutMs: 300, sleep: async () => {} },
  });
}

const updateThatFails = {
  TableName: TABLE,
  Key: toItem({ owner_period: "nobody#day#2026-12-03", scope: "total" }),
  UpdateExpression: "ADD committed :one",
  ConditionExpression: "attribute_exists(never_written)",
  ExpressionAttributeValues: toItem({ ":one": 1 }),
};

describe("the meter's DynamoDB client, signed with the function's credentials", () => {
  it("signs every call for dynamodb in the function's region and records an answer in one write", async () => {
    const store = await deployedStore();
    const owner = `signed-${++owners}`;
    await answerOnce(store, owner);
    expect(aws.calls.map((call) => call.target)).toEqual(["DynamoDB_20120810.UpdateItem"]);
    const [call] = aws.calls;
    expect(call?.signatureValid).toBe(true);
    expect(String(call?.headers.authorization)).toContain("/us-east-1/dynamodb/aws4_request");
    expect(call?.headers["x-amz-security-token"]).toBe("test-session-token");
    const report = await store.report(owner, NO_BUDGETS);
    expect(report.today).toMatchObject({ prompt_tokens: 12, completion_tokens: 30, requests: 1 });
  });

  it("retries throttling and a server error, and the answer is counted once", async () => {
    const store = await deployedStore();
    const owner = `signed-${++owners}`;
    aws.script(
      {
        kind: "answer",
        status: 400,
        headers: { "content-type": "application/x-amz-json-1.0" },
        body: JSON.stringify({
          __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
          message: "The level of configured provisioned throughput for the table was exceeded.",
        }),
      },
      faults.internalError(),
    );
    await answerOnce(store, owner);
    expect(aws.requestCount).toBe(3);
    expect((await store.report(owner, NO_BUDGETS)).today.requests).toBe(1);
  });

  it("reads a failed condition as such, without retrying it", async () => {
    const failure = await quickClient(4)
      .send("UpdateItem", updateThatFails)
      .catch((error: unknown) => error);
    expect(isConditionFailure(failure)).toBe(true);
    expect(aws.requestCount).toBe(1);
  });

  it("does not retry a refusal, and names it", async () => {
    aws.script(faults.accessDenied());
    await expect(quickClient(4).send("UpdateItem", updateThatFails)).rejects.toThrow(
      /^AccessDeniedException \(HTTP 400\): User: .* is not authorized/,
    );
    expect(aws.requestCount).toBe(1);
  });

  it("retries a proxy's HTML page and names it by an excerpt when it persists", async () => {
    aws.script(faults.htmlBadGateway(), faults.htmlBadGateway());
    const failure = await quickClient(2)
      .send("UpdateItem", updateThatFails)
      .catch((error: unknown) => error);
    expect(String(failure)).toMatch(
      /HTTP 502 with a body that is not JSON: "<html> <head><title>502 Bad Gateway/,
    );
    expect(String(failure)).toContain("gave up after 2 attempts");
    expect((failure as Error).message.length).toBeLessThan(300);
  });

  it("abandons a call that hangs, then passes on the next attempt", async () => {
    aws.script(faults.hang());
    const started = performance.now();
    const failure = await quickClient(2)
      .send("UpdateItem", updateThatFails)
      .catch((error: unknown) => error);
    expect(isConditionFailure(failure)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(aws.requestCount).toBe(2);
  });

  it("refuses a 200 whose body is not JSON", async () => {
    aws.script({ kind: "answer", status: 200, headers: {}, body: "<ok/>" });
    await expect(
      quickClient(2).send("GetItem", { TableName: TABLE, Key: updateThatFails.Key }),
    ).rejects.toThrow('HTTP 200 with a body that is not JSON: "<ok/>"');
  });

  it("asks for credentials outside Lambda, naming the setting that turns metering off", async () => {
    const { settings } = testSettings({ USAGE_TABLE: TABLE });
    await expect(usageDynamoDbClient(settings, {})).rejects.toThrow(
      /no AWS credentials in the environment .*USAGE_METERING=false/,
    );
  });
});
