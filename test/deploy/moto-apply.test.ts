import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageAll, routeHandlerNames } from "../../scripts/package.js";
import { getCatalog } from "../../src/common/catalog/index.js";
import type { FinalChunk } from "../../src/common/streaming/chat-events.js";
import { deltaTexts, finalEvent, parseEvents } from "../support/sse.js";
import {
  CONVERSATION_ID,
  MOTO_OPENAI_KEY,
  type MotoApplyReport,
  OPENAI_V2_CONVERSATION_ID,
} from "./support/moto-apply-report.js";
import { motoServerMissing } from "./support/moto-server.js";

/**
 * The stack applied with its defaults against moto_server, an AWS emulator, in a private network
 * namespace where nothing can reach AWS (test/deploy/support/moto-apply-run.ts); then no drift, each
 * packaged function answering with the environment Terraform gave it, an app removed from the next
 * deployment, and a destroy. What moto lacks is shaped around in test/deploy/moto/moto_override.tf.
 */

const runner = fileURLToPath(new URL("support/moto-apply-run.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const RUN_TIMEOUT_MS = 300_000;

function runInPrivateNetwork(workDir: string, packageDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // --map-root-user: a network namespace without root privileges, where `ip link` may bring up loopback.
    const child = spawn("unshare", ["--map-root-user", "--net", tsx, runner, workDir, packageDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`the apply run failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}

describe("terraform apply against moto", () => {
  let workDir: string;
  let report: MotoApplyReport;

  beforeAll(async () => {
    const missing = motoServerMissing();
    if (missing) throw new Error(missing);
    workDir = await mkdtemp(join(tmpdir(), "moto-apply-"));
    const packageDir = join(workDir, "package");
    await packageAll(packageDir);
    await runInPrivateNetwork(workDir, packageDir);
    report = JSON.parse(await readFile(join(workDir, "report.json"), "utf8")) as MotoApplyReport;
    const timings = Object.entries(report.steps).map(
      ([name, { seconds }]) => `${name} ${seconds.toFixed(1)} s`,
    );
    console.info(`terraform against moto: ${timings.join(", ")}`);
  }, RUN_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const step = (name: string) => {
    const found = report.steps[name];
    if (!found)
      throw new Error(`terraform ${name} did not run; steps: ${Object.keys(report.steps).join(", ")}`);
    return found;
  };

  it("applies the whole stack with its default variables", () => {
    expect(step("apply").exitCode, step("apply").tail).toBe(0);
  });

  it("finds no drift on the next plan", () => {
    expect(step("plan").exitCode, step("plan").tail).toBe(0);
  });

  it("creates the REST API from the document: one resource per route, the chat routes streamed", () => {
    const apps = getCatalog().apps.map((app) => `/examples/${app.slug}`);
    expect(report.resourcePaths).toEqual(
      expect.arrayContaining([...apps, "/passthrough", "/langchain", "/conversations/{id}", "/info"]),
    );
    expect(report.passthroughUri).toMatch(
      /^arn:aws:apigateway:us-east-1:lambda:path\/2021-11-15\/functions\/arn:aws:lambda:us-east-1:\d{12}:function:aws-openai-openai_v2\/response-streaming-invocations$/,
    );
  });

  it("gives every function its settings and secret parameter names, never a secret", () => {
    // The authorizer is deployed only with bearer_api_keys, which the defaults leave off.
    expect(Object.keys(report.functionEnvironments).sort()).toEqual(routeHandlerNames());
    for (const environment of Object.values(report.functionEnvironments)) {
      expect(environment.OPENAI_API_KEY_PARAMETER).toBe("/stacks/aws-openai/openai-api-key");
      expect(JSON.stringify(environment)).not.toContain(MOTO_OPENAI_KEY);
    }
  });

  it("traces every invoked function with X-Ray when the tracing variable is on", () => {
    expect(Object.keys(report.tracingModes).length).toBeGreaterThan(0);
    for (const [fn, mode] of Object.entries(report.tracingModes)) {
      expect(mode, fn).toBe("Active");
      expect(report.functionEnvironments[fn]?.TRACING, fn).toBe("true");
    }
  });

  const invocation = (name: string) => {
    const found = report.invocations[name];
    if (!found) throw new Error(`${name} was not invoked`);
    expect(found.error, found.output).toBeUndefined();
    expect(found.statusCode, `${found.body}\n${found.output}`).toBe(200);
    expect(`${found.body}${found.output}`).not.toContain(MOTO_OPENAI_KEY);
    return found;
  };

  it("answers a buffered chat, the OpenAI key read from moto's Parameter Store", () => {
    const answer = invocation("openai_v2 buffered");
    expect(answer.contentType).toMatch(/^application\/json/);
    const completion = JSON.parse(answer.body) as unknown;
    expect(completion).toMatchObject({
      object: "chat.completion",
      request_meta_data: { lambda: "lambda_openai_v2" },
    });
  });

  it("answers a streamed chat as server-sent events", () => {
    const answer = invocation("openai_v2 streamed");
    expect(answer.contentType).toBe("text/event-stream; charset=utf-8");
    const events = parseEvents(answer.body);
    expect(deltaTexts(events).join("")).toContain("[Offline model]");
    expect(finalEvent<FinalChunk>(events).request_meta_data).toMatchObject({ lambda: "lambda_openai_v2" });
    expect(events.at(-1)?.data).toBe("[DONE]");
  });

  it("keeps a langchain conversation in moto's DynamoDB table and reads it back", () => {
    invocation("langchain streamed");
    // One turn item: the question and its answer.
    expect(report.storedMessages.langchain).toBe(2);
    const conversation = JSON.parse(invocation("langchain conversation").body) as {
      conversation_id: string;
      turns: unknown[];
    };
    expect(conversation.conversation_id).toBe(CONVERSATION_ID);
    expect(conversation.turns).toHaveLength(2);
  });

  it("keeps an openai_v2 conversation in the same table", () => {
    expect(JSON.parse(invocation("openai_v2 conversation turn").body)).toMatchObject({
      request_meta_data: { lambda: "lambda_openai_v2", conversation_id: OPENAI_V2_CONVERSATION_ID },
    });
    expect(report.storedMessages.openai_v2).toBe(2);
  });

  it("answers through the function-calling and info functions", () => {
    expect(JSON.parse(invocation("openai_function buffered").body)).toMatchObject({
      request_meta_data: { plugins: expect.arrayContaining(["NimbusNotes"]) },
    });
    expect(JSON.parse(invocation("info buffered").body)).toMatchObject({
      setting_sources: { OPENAI_API_KEY: "ssm parameter store" },
    });
  });

  it("answers /v1 through openai_compat as OpenAI streams, the plugin app as the model", () => {
    const answer = invocation("openai_compat streamed");
    expect(answer.contentType).toBe("text/event-stream; charset=utf-8");
    const events = parseEvents(answer.body);
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(answer.body).not.toContain("request_meta_data");
    // The usage chunk comes last before [DONE], as stream_options.include_usage asks.
    expect(events.at(-2)?.data).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) },
    });
    expect(answer.output).not.toContain("No plugin folder at");
  });

  it("removes a removed app's route in the next deployment", () => {
    expect(step("apply without an app").exitCode, step("apply without an app").tail).toBe(0);
    expect(report.resourcePaths).toContain(report.removedPath);
    expect(report.resourcePathsAfterRemoval).not.toContain(report.removedPath);
    expect(report.resourcePathsAfterRemoval).toHaveLength(report.resourcePaths.length - 1);
    expect(report.deploymentChanged).toBe(true);
  });

  it("deploys the API key authorizer with bearer_api_keys, invocable by this API's authorizers only", () => {
    expect(step("apply with bearer keys").exitCode, step("apply with bearer keys").tail).toBe(0);
    const deployed = report.bearerKeys;
    if (!deployed) throw new Error("the authorizer was not read back");
    expect(deployed.environment).toEqual({});
    expect(deployed.memorySize).toBe(128);
    const policy = JSON.parse(deployed.policy) as {
      Statement: { Principal: unknown; Condition: { ArnLike: Record<string, string> } }[];
    };
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]?.Condition.ArnLike["AWS:SourceArn"]).toMatch(
      /^arn:aws:execute-api:us-east-1:\d{12}:\w+\/authorizers\/\*$/,
    );
    expect(deployed.error, deployed.output).toBeUndefined();
    expect(deployed.result).toMatchObject({
      policyDocument: { Statement: [{ Effect: "Allow" }] },
      usageIdentifierKey: "sk-usage-plan-key-0123456789",
    });
    expect(deployed.output).not.toContain("sk-usage-plan-key-0123456789");
  });

  it("destroys the stack", () => {
    expect(step("destroy").exitCode, step("destroy").tail).toBe(0);
    expect(report.functionsAfterDestroy).toEqual([]);
  });
});
