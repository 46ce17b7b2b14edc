import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startTestService } from "../support/local-service.js";

/** GET /info: the settings with every secret masked, and AWS sections that fail one by one. */

const OPENAI_KEY = "sk-info-secret-5e1d2c3b";
const API_KEY = "info-api-key-a8b7c6";

interface InfoBody {
  settings: Record<string, unknown>;
  setting_sources: Record<string, string>;
  runtime: Record<string, unknown>;
  aws: Record<string, { status: "ok"; data: unknown } | { status: "error"; error: string }>;
}

async function getInfo(service: RunningService): Promise<{ text: string; body: InfoBody }> {
  const response = await fetch(`${service.url}/info`, { headers: { "x-api-key": API_KEY } });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return { text, body: JSON.parse(text) as InfoBody };
}

const baseEnv = {
  OPENAI_API_KEY: OPENAI_KEY,
  API_KEYS: `${API_KEY},second-info-key-1f2e`,
  OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
};

describe("a password inside OPENAI_BASE_URL", () => {
  const URL_PASSWORD = "url-pass-7c6b5a";
  const QUERY_KEY = "query-key-4d3e2f";
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService({
      ...baseEnv,
      OPENAI_BASE_URL: `http://user:${URL_PASSWORD}@127.0.0.1:9/v1?api_key=${QUERY_KEY}`,
    });
  });
  afterAll(() => service.stop());

  it("is masked in /info", async () => {
    const { text, body } = await getInfo(service);
    expect(text).not.toContain(URL_PASSWORD);
    expect(text).not.toContain(QUERY_KEY);
    expect(body.settings.OPENAI_BASE_URL).toMatch(/^http:\/\/user:\*{8}@127\.0\.0\.1:9\/v1\?api_key=/);
  });

  it("is masked on the start line", () => {
    expect(service.upstream).toContain("127.0.0.1:9/v1");
    expect(service.upstream).not.toContain(URL_PASSWORD);
    expect(service.upstream).not.toContain(QUERY_KEY);
  });
});

describe("GET /info locally", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(baseEnv);
  });
  afterAll(() => service.stop());

  it("dumps the settings with every secret masked, and where each came from", async () => {
    const { text, body } = await getInfo(service);
    expect(text).not.toContain(OPENAI_KEY);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain("second-info-key");
    expect(body.settings.OPENAI_API_KEY).toBe("********");
    expect(body.settings.API_KEYS).toEqual(["********", "********"]);
    expect(body.settings).toMatchObject({
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      OPENAI_MODEL: "gpt-4o-mini",
    });
    expect(body.setting_sources).toMatchObject({ OPENAI_API_KEY: "environment", OPENAI_MODEL: "default" });
    expect(body.runtime).toMatchObject({ node: process.version });
  });

  it("reports each AWS section's own error instead of failing", async () => {
    const { body } = await getInfo(service);
    expect(Object.keys(body.aws).sort()).toEqual([
      "api_gateway",
      "lambda_functions",
      "memory_table",
      "plugin_bucket",
    ]);
    for (const section of Object.values(body.aws)) {
      expect(section.status).toBe("error");
      if (section.status === "error") expect(section.error).toMatch(/outside AWS Lambda/);
    }
  });
});

/**
 * With INFO_QUERY_AWS the sections really call AWS, here a loopback stand-in: DynamoDB answers,
 * Lambda and API Gateway refuse. Each section must report its own outcome.
 */
describe("GET /info asking a (loopback) AWS", () => {
  let service: RunningService;
  let aws: Server;
  const savedEnv = { ...process.env };
  const seen: string[] = [];

  function answerAws(request: IncomingMessage, response: ServerResponse) {
    const target = String(request.headers["x-amz-target"] ?? "");
    seen.push(target || `${request.method} ${request.url}`);
    request.resume();
    if (target.endsWith("DescribeTable")) {
      response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
      response.end(
        JSON.stringify({ Table: { TableName: "aws-openai-memory", TableStatus: "ACTIVE", ItemCount: 3 } }),
      );
      return;
    }
    const functionName = /^\/2015-03-31\/functions\/([^/]+)\/configuration/.exec(request.url ?? "")?.[1];
    if (request.method === "GET" && functionName) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          FunctionName: decodeURIComponent(functionName),
          Runtime: "nodejs22.x",
          MemorySize: 256,
        }),
      );
      return;
    }
    response.writeHead(403, {
      "content-type": "application/json",
      "x-amzn-errortype": "AccessDeniedException",
    });
    response.end(JSON.stringify({ message: "not allowed here" }));
  }

  beforeAll(async () => {
    aws = createServer(answerAws);
    await new Promise<void>((resolve) => aws.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: "AKIDLOCALTEST",
      AWS_SECRET_ACCESS_KEY: "local-secret-access-key",
      AWS_MAX_ATTEMPTS: "1",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    service = await startTestService({ ...baseEnv, INFO_QUERY_AWS: "true", DYNAMODB_ENDPOINT: endpoint });
  });
  afterAll(async () => {
    process.env = savedEnv;
    await service.stop();
    await new Promise<void>((resolve) => aws.close(() => resolve()));
  });

  it("answers 200 with one section's data and the others' own errors", async () => {
    const { text, body } = await getInfo(service);
    expect(body.aws.memory_table).toEqual({
      status: "ok",
      data: { name: "aws-openai-memory", status: "ACTIVE", items: 3 },
    });
    expect(body.aws.plugin_bucket).toEqual({ status: "ok", data: { configured: false } });
    const functions = body.aws.lambda_functions;
    expect(functions?.status).toBe("ok");
    if (functions?.status === "ok")
      expect((functions.data as { name: string }[]).map((fn) => fn.name)).toEqual([
        "aws-openai-openai_v2",
        "aws-openai-langchain",
        "aws-openai-openai_function",
        "aws-openai-openai_compat",
        "aws-openai-info",
      ]);
    const api = body.aws.api_gateway;
    expect(api?.status).toBe("error");
    if (api?.status === "error") expect(api.error).toMatch(/AccessDenied|not allowed/);
    expect(seen.some((target) => target.endsWith("DescribeTable"))).toBe(true);
    expect(text).not.toContain("local-secret-access-key");
    expect(text).not.toContain(OPENAI_KEY);
  });
});
