import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Settings } from "../settings/index.js";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * An emulator on this machine accepts any credentials; handing it fixed ones keeps the SDK from
 * searching the credential chain (which would end at the EC2 metadata service over the network).
 */
function isLoopback(endpoint: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
}

/** The DynamoDB client of one cold start, sharing its connection pool between requests. */
export function createDynamoClient(settings: Settings): DynamoDBClient {
  const endpoint = settings.DYNAMODB_ENDPOINT;
  return new DynamoDBClient({
    region: settings.AWS_REGION,
    maxAttempts: 3,
    // The Lambda must answer within API Gateway's 29 s even when DynamoDB does not.
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
    ...(endpoint ? { endpoint } : {}),
    ...(endpoint && isLoopback(endpoint)
      ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
}
