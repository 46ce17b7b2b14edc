import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EMULATOR_CREDENTIALS, isLoopback } from "../aws/endpoint.js";
import type { Settings } from "../settings/index.js";

/** The DynamoDB client of one cold start, sharing its connection pool between requests. */
export function createDynamoClient(settings: Settings): DynamoDBClient {
  const endpoint = settings.DYNAMODB_ENDPOINT;
  return new DynamoDBClient({
    region: settings.AWS_REGION,
    maxAttempts: 3,
    // The Lambda must answer within API Gateway's 29 s even when DynamoDB does not.
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
    ...(endpoint ? { endpoint } : {}),
    ...(endpoint && isLoopback(new URL(endpoint)) ? { credentials: { ...EMULATOR_CREDENTIALS } } : {}),
  });
}
