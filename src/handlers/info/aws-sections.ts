import { APIGatewayClient, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { Settings } from "../../common/settings/index.js";
import { STREAMING_FUNCTIONS } from "../../core/routes.js";

export type SectionResult = { status: "ok"; data: unknown } | { status: "error"; error: string };

const SECTION_TIMEOUT_MS = 3_000;

/** The functions Terraform creates, named `<SHARED_RESOURCE_IDENTIFIER>-<handler folder>`. */
const STACK_FUNCTIONS = [...STREAMING_FUNCTIONS, "info"] as const;

/** Runs one section with its own deadline, so one slow or failing AWS service never fails the others. */
export async function runSection(read: (signal: AbortSignal) => Promise<unknown>): Promise<SectionResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), SECTION_TIMEOUT_MS);
  try {
    return { status: "ok", data: await read(controller.signal) };
  } catch (error) {
    const message = controller.signal.aborted
      ? `no answer within ${SECTION_TIMEOUT_MS} ms`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    return { status: "error", error: message };
  } finally {
    clearTimeout(timer);
  }
}

/** The AWS resources of this deployment, found through the AWS SDK; the prefix is the shared identifier. */
export function awsSections(settings: Settings): Record<string, (signal: AbortSignal) => Promise<unknown>> {
  const region = settings.AWS_REGION;
  const prefix = settings.SHARED_RESOURCE_IDENTIFIER;
  const dynamoEndpoint = settings.DYNAMODB_ENDPOINT ? { endpoint: settings.DYNAMODB_ENDPOINT } : {};
  return {
    // Only this stack's functions, by name: listing every function would need rights on the whole account.
    lambda_functions: async (abortSignal) => {
      const lambda = new LambdaClient({ region });
      return Promise.all(
        STACK_FUNCTIONS.map(async (handler) => {
          const fn = await lambda.send(
            new GetFunctionConfigurationCommand({ FunctionName: `${prefix}-${handler}` }),
            {
              abortSignal,
            },
          );
          return {
            name: fn.FunctionName,
            runtime: fn.Runtime,
            memory_mb: fn.MemorySize,
            timeout_s: fn.Timeout,
            architectures: fn.Architectures,
            last_modified: fn.LastModified,
          };
        }),
      );
    },
    api_gateway: async (abortSignal) => {
      const out = await new APIGatewayClient({ region }).send(new GetRestApisCommand({}), { abortSignal });
      return (out.items ?? [])
        .filter((api) => api.name?.startsWith(prefix))
        .map((api) => ({ id: api.id, name: api.name, created: api.createdDate }));
    },
    plugin_bucket: async (abortSignal) => {
      const bucket = settings.PLUGINS_S3_BUCKET;
      if (!bucket) return { configured: false };
      await new S3Client({ region, forcePathStyle: true }).send(new HeadBucketCommand({ Bucket: bucket }), {
        abortSignal,
      });
      return { configured: true, bucket, prefix: settings.PLUGINS_S3_PREFIX };
    },
    memory_table: async (abortSignal) => {
      const out = await new DynamoDBClient({ region, ...dynamoEndpoint }).send(
        new DescribeTableCommand({ TableName: settings.MEMORY_TABLE }),
        { abortSignal },
      );
      return { name: out.Table?.TableName, status: out.Table?.TableStatus, items: out.Table?.ItemCount };
    },
  };
}
