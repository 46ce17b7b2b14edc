import { spawnSync } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  APIGatewayClient,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
} from "@aws-sdk/client-api-gateway";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  ListFunctionsCommand,
} from "@aws-sdk/client-lambda";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { awsOpenApiTemplates } from "../../../scripts/openapi-aws.js";
import { AUTHORIZER_HANDLER } from "../../../scripts/package.js";
import { coldStart } from "../../../scripts/package-lambda-invoke.js";
import { prepareLambdaLayout } from "../../../scripts/package-lambda-layout.js";
import { getCatalog } from "../../../src/common/catalog/index.js";
import { apiRoutes } from "../../../src/core/routes.js";
import { startOfflineModel } from "../../../src/offline-model/index.js";
import {
  CONVERSATION_ID,
  MOTO_OPENAI_KEY,
  type MotoApplyReport,
  OPENAI_V2_CONVERSATION_ID,
} from "./moto-apply-report.js";
import { startMotoServer } from "./moto-server.js";
import { prepareMotoStack } from "./moto-stack.js";
import { smokeEvent } from "./smoke-setup.js";

/**
 * The apply test's sequence, run inside a private network namespace (`unshare --net`, loopback only)
 * so that nothing in it can reach AWS: moto_server, the offline model, terraform and every function
 * process share that loopback. Usage: moto-apply-run.ts <work dir> <package dir>; it writes
 * <work dir>/report.json (MotoApplyReport) for the test to judge, and judges nothing itself.
 */

/** The port test/deploy/moto/provider_override.tf points every endpoint at. */
const MOTO_PORT = 5000;

const aws = (endpoint: string) => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "moto", secretAccessKey: "moto" },
});

function restEvent(base: APIGatewayProxyEvent, changes: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent {
  return { ...base, ...changes };
}

async function main(workDir: string, packageDir: string): Promise<void> {
  const link = spawnSync("ip", ["link", "set", "lo", "up"], { encoding: "utf8" });
  if (link.status !== 0) throw new Error(`ip link set lo up failed: ${link.stderr}`);

  const moto = await startMotoServer(MOTO_PORT, join(workDir, "moto.log"));
  const model = await startOfflineModel();
  const report: MotoApplyReport = {
    steps: {},
    resourcePaths: [],
    resourcePathsAfterRemoval: [],
    removedPath: "",
    deploymentChanged: false,
    passthroughUri: undefined,
    functionEnvironments: {},
    tracingModes: {},
    invocations: {},
    storedMessages: {},
    functionsAfterDestroy: [],
    bearerKeys: undefined,
  };
  try {
    const stack = await prepareMotoStack(join(workDir, "stack"), { packageDir, openAiKey: MOTO_OPENAI_KEY });
    const step = async (name: string, args: string[], variables?: Record<string, string>) => {
      const result = await stack.terraform(args, variables);
      report.steps[name] = {
        exitCode: result.exitCode,
        seconds: result.seconds,
        tail: result.output.slice(-4000),
      };
      await writeFile(join(workDir, `${name}.log`), result.output);
      return result.exitCode;
    };

    if ((await step("init", ["init", "-input=false"])) !== 0) return;
    // The optional monitoring too: the alarms' e-mail subscription, the daily token alarm and X-Ray
    // tracing. Not the cost budget: moto 5.2 lacks DescribeSubscribersForNotification, which the
    // provider waits on.
    const monitoring = { alarm_email: "ops@example.com", alarm_daily_tokens: "5000000", tracing: "true" };
    if ((await step("apply", ["apply", "-auto-approve", "-input=false"], monitoring)) !== 0) return;
    await step("plan", ["plan", "-detailed-exitcode", "-input=false"], monitoring);

    const apiGateway = new APIGatewayClient(aws(moto.url));
    const lambda = new LambdaClient(aws(moto.url));
    const [api] = (await apiGateway.send(new GetRestApisCommand({}))).items ?? [];
    const restApiId = api?.id ?? "";
    const resources =
      (await apiGateway.send(new GetResourcesCommand({ restApiId, embed: ["methods"] }))).items ?? [];
    report.resourcePaths = resources.map((resource) => resource.path ?? "").sort();
    report.passthroughUri = resources.find(
      (resource) => resource.path === "/passthrough",
    )?.resourceMethods?.POST?.methodIntegration?.uri;
    const stageBefore = (await apiGateway.send(new GetStagesCommand({ restApiId }))).item?.[0]?.deploymentId;

    // Each packaged function, with the environment Terraform gave it, talking to moto and the model.
    const overrides = {
      AWS_ENDPOINT_URL: moto.url,
      DYNAMODB_ENDPOINT: moto.url,
      PLUGINS_S3_ENDPOINT: moto.url,
      AWS_ACCESS_KEY_ID: "moto",
      AWS_SECRET_ACCESS_KEY: "moto",
      OPENAI_BASE_URL: model.url,
    };
    const invoke = async (name: string, fn: string, event: APIGatewayProxyEvent) => {
      if (!report.functionEnvironments[fn]) {
        const configuration = await lambda.send(
          new GetFunctionConfigurationCommand({ FunctionName: `aws-openai-${fn}` }),
        );
        report.functionEnvironments[fn] = configuration.Environment?.Variables ?? {};
        report.tracingModes[fn] = configuration.TracingConfig?.Mode;
      }
      const layout = await prepareLambdaLayout({
        packageDir,
        functionName: fn,
        functionEnvironment: report.functionEnvironments[fn] ?? {},
        overrides,
      });
      const run = await coldStart(layout, event, { timeoutMs: 30_000 });
      report.invocations[name] = {
        statusCode: run.result?.statusCode,
        contentType: Object.entries(run.result?.headers ?? {}).find(
          ([header]) => header.toLowerCase() === "content-type",
        )?.[1],
        body: run.result?.body ?? "",
        error: run.error?.message,
        output: run.output.slice(-4000),
      };
    };
    const grammar = smokeEvent("openai_v2");
    const withBody = (event: APIGatewayProxyEvent, extra: object) =>
      restEvent(event, { body: JSON.stringify({ ...(JSON.parse(event.body ?? "{}") as object), ...extra }) });
    const langchain = smokeEvent("langchain");
    await invoke("openai_v2 buffered", "openai_v2", grammar);
    await invoke("openai_v2 streamed", "openai_v2", withBody(grammar, { stream: true }));
    await invoke(
      "openai_v2 conversation turn",
      "openai_v2",
      withBody(grammar, { conversation_id: OPENAI_V2_CONVERSATION_ID, chat_history: [] }),
    );
    await invoke(
      "langchain streamed",
      "langchain",
      withBody(langchain, { stream: true, conversation_id: CONVERSATION_ID }),
    );
    await invoke(
      "langchain conversation",
      "langchain",
      restEvent(langchain, {
        resource: "/conversations/{id}",
        path: `/conversations/${CONVERSATION_ID}`,
        httpMethod: "GET",
        pathParameters: { id: CONVERSATION_ID },
        body: null,
      }),
    );
    await invoke("openai_function buffered", "openai_function", smokeEvent("openai_function"));
    await invoke("info buffered", "info", smokeEvent("info"));
    await invoke(
      "openai_compat streamed",
      "openai_compat",
      withBody(smokeEvent("openai_compat"), { stream: true, stream_options: { include_usage: true } }),
    );

    const dynamo = new DynamoDBClient(aws(moto.url));
    for (const [fn, id] of [
      ["langchain", CONVERSATION_ID],
      ["openai_v2", OPENAI_V2_CONVERSATION_ID],
    ] as const) {
      const turns = await dynamo.send(
        new QueryCommand({
          TableName: report.functionEnvironments[fn]?.MEMORY_TABLE,
          // The turn items: seq 0 is the conversation's summary item (docs/conversations.md).
          KeyConditionExpression: "conversation_id = :id AND seq > :summary",
          ExpressionAttributeValues: { ":id": { S: id }, ":summary": { N: "0" } },
        }),
      );
      report.storedMessages[fn] = (turns.Items ?? []).reduce(
        (sum, item) => sum + (item.messages?.L?.length ?? 0),
        0,
      );
    }

    // An app removed from the catalog: the next document lacks its route, and so does the deployment.
    const [removed, ...kept] = getCatalog().apps;
    report.removedPath = `/examples/${removed?.slug}`;
    const smallerPackage = join(workDir, "package-without-an-app");
    await cp(packageDir, smallerPackage, { recursive: true });
    for (const [file, template] of Object.entries(awsOpenApiTemplates(apiRoutes(kept))))
      await writeFile(join(smallerPackage, file), template);
    // As docs/deploy.md says before a destroy: let it empty the versioned plugin bucket.
    const secondApply = { ...monitoring, package_dir: smallerPackage, plugin_bucket_force_destroy: "true" };
    if ((await step("apply without an app", ["apply", "-auto-approve", "-input=false"], secondApply)) === 0) {
      const after = (await apiGateway.send(new GetResourcesCommand({ restApiId }))).items ?? [];
      report.resourcePathsAfterRemoval = after.map((resource) => resource.path ?? "").sort();
      const stageAfter = (await apiGateway.send(new GetStagesCommand({ restApiId }))).item?.[0]?.deploymentId;
      report.deploymentChanged = stageAfter !== undefined && stageAfter !== stageBefore;
    }

    // bearer_api_keys on: the authorizer function, its permission, and the package answering as deployed.
    const withBearerKeys = { ...secondApply, bearer_api_keys: "true" };
    if (
      (await step("apply with bearer keys", ["apply", "-auto-approve", "-input=false"], withBearerKeys)) === 0
    ) {
      const name = `aws-openai-${AUTHORIZER_HANDLER}`;
      const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      const policy = await lambda.send(new GetPolicyCommand({ FunctionName: name }));
      const layout = await prepareLambdaLayout({
        packageDir: smallerPackage,
        functionName: AUTHORIZER_HANDLER,
        functionEnvironment: configuration.Environment?.Variables ?? {},
      });
      const event = JSON.parse(
        await readFile(new URL("../fixtures/events/api_key_authorizer.json", import.meta.url), "utf8"),
      ) as unknown;
      const run = await coldStart(layout, event, { timeoutMs: 30_000 });
      report.bearerKeys = {
        environment: configuration.Environment?.Variables ?? {},
        memorySize: configuration.MemorySize,
        policy: policy.Policy ?? "",
        result: run.result as unknown,
        error: run.error?.message,
        output: run.output.slice(-4000),
      };
    }

    await step("destroy", ["destroy", "-auto-approve", "-input=false"], withBearerKeys);
    report.functionsAfterDestroy = ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map(
      (fn) => fn.FunctionName ?? "",
    );
  } finally {
    await writeFile(join(workDir, "report.json"), JSON.stringify(report, null, 2));
    await Promise.all([moto.stop(), model.close()]);
  }
}

const [workDir, packageDir] = process.argv.slice(2);
if (!workDir || !packageDir) throw new Error("usage: moto-apply-run.ts <work dir> <package dir>");
main(workDir, packageDir).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
