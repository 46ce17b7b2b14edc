import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerNames, type Manifest, packageAll } from "../../scripts/package.js";
import { coldStart } from "../../scripts/package-lambda-invoke.js";
import { prepareLambdaLayout } from "../../scripts/package-lambda-layout.js";
import { type OfflineModel, startOfflineModel } from "../../src/offline-model/index.js";
import { type FakeAws, startFakeAws } from "./support/fake-aws.js";
import {
  OPENAI_KEY_PARAMETER,
  SMOKE_OPENAI_KEY,
  smokeEvent,
  terraformEnvironment,
} from "./support/smoke-setup.js";

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
  let model: OfflineModel;
  let aws: FakeAws;

  beforeAll(async () => {
    [manifest, model, aws] = await Promise.all([
      packageAll(packageDir),
      startOfflineModel(),
      startFakeAws({ [OPENAI_KEY_PARAMETER]: SMOKE_OPENAI_KEY }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([model?.close(), aws?.close()]);
    await Promise.all([packageDir, ...layoutRoots].map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("packages every handler folder", () => {
    expect(Object.keys(manifest.functions).sort()).toEqual(handlerNames());
    expect(handlerNames()).toEqual(expect.arrayContaining(["info", "openai_v2"]));
  });

  it.each(handlerNames())("%s answers 200 on its first invocation", async (name) => {
    const layout = await prepareLambdaLayout({
      packageDir,
      functionName: name,
      functionEnvironment: terraformEnvironment(name),
      overrides: { OPENAI_BASE_URL: model.url, AWS_ENDPOINT_URL: aws.url },
    });
    layoutRoots.push(layout.root);

    const run = await coldStart(layout, smokeEvent(name));

    expect(run.error, run.output).toBeUndefined();
    expect(run.result?.statusCode, run.result?.body).toBe(200);
    const body = JSON.parse(run.result?.body ?? "{}") as Record<string, unknown>;
    if (CHAT_FUNCTIONS.has(name)) {
      expect(body).toMatchObject({
        object: "chat.completion",
        request_meta_data: { lambda: `lambda_${name}` },
      });
    } else {
      expect(body).toMatchObject({ setting_sources: { OPENAI_API_KEY: "ssm parameter store" } });
    }
    expect(`${run.output}${run.result?.body}`).not.toContain(SMOKE_OPENAI_KEY);
  });

  it("read the OpenAI key from Parameter Store at each cold start", () => {
    const reads = aws.calls.filter((call) => call.target === "AmazonSSM.GetParameters");
    expect(reads).toHaveLength(handlerNames().length);
    for (const read of reads) {
      expect(JSON.parse(read.body)).toMatchObject({ Names: [OPENAI_KEY_PARAMETER] });
      expect(read.signatureValid).toBe(true);
    }
  });
});
