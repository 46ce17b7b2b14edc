import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureMemoryTable, ensureUsageTable, startDynamoLocal } from "../../../src/local/dynamo-local.js";
import { startOfflineModel } from "../../../src/offline-model/index.js";
import { LOCAL_S3_CREDENTIALS, startLocalS3 } from "../../function-calling/support/local-s3.js";
import { type FakeAws, startFakeAws } from "./fake-aws.js";
import { OPENAI_KEY_PARAMETER, SMOKE_OPENAI_KEY, terraformEnvironment } from "./smoke-setup.js";

/**
 * Loopback stand-ins for what a deployed function talks to: the model (offline), Parameter Store (the
 * OpenAI key), DynamoDB (the memory table as Terraform creates it) and S3 (the plugin bucket with the
 * repository's plugins uploaded as Terraform uploads them). Nothing leaves the machine.
 */

export interface SmokeStack {
  aws: FakeAws;
  /** The variables a function runs with: Terraform's, then the stand-ins' endpoints and credentials. */
  overrides(functionName: string): Record<string, string>;
  close(): Promise<void>;
}

const PLUGINS_DIR = new URL("../../../plugins/", import.meta.url);

export async function startSmokeStack(): Promise<SmokeStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "smoke-stack-"));
  const [model, aws, dynamo, s3] = await Promise.all([
    startOfflineModel(),
    startFakeAws({ [OPENAI_KEY_PARAMETER]: SMOKE_OPENAI_KEY }, LOCAL_S3_CREDENTIALS.secretAccessKey),
    startDynamoLocal(join(dataDir, "dynamo")),
    startLocalS3(terraformEnvironment("openai_function").PLUGINS_S3_BUCKET),
  ]);

  const tableClient = new DynamoDBClient({
    endpoint: dynamo.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureMemoryTable(tableClient, terraformEnvironment("langchain").MEMORY_TABLE ?? "");
  await ensureUsageTable(tableClient, terraformEnvironment("openai_v2").USAGE_TABLE ?? "");
  tableClient.destroy();

  const prefix = terraformEnvironment("openai_function").PLUGINS_S3_PREFIX ?? "";
  for (const file of (await readdir(PLUGINS_DIR)).filter((name) => name.endsWith(".yaml")))
    await s3.put(`${prefix}${file}`, await readFile(new URL(file, PLUGINS_DIR), "utf8"));

  return {
    aws,
    overrides: () => ({
      OPENAI_BASE_URL: model.url,
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
      DYNAMODB_ENDPOINT: dynamo.url,
      PLUGINS_S3_ENDPOINT: s3.endpoint,
    }),
    close: async () => {
      await Promise.all([model.close(), aws.close(), dynamo.close(), s3.stop()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
