import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Settings } from "../settings/index.js";

const clients = new WeakMap<Settings, DynamoDBClient>();
const documentClients = new WeakMap<Settings, DynamoDBDocumentClient>();

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * An emulator on this machine accepts any credentials; handing it fixed ones keeps the SDK from
 * searching the credential chain (which would end at the EC2 metadata service over the network).
 */
function isLoopback(endpoint: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
}

/** One DynamoDB client per settings object (so per cold start), sharing its connection pool. */
export function getDynamoClient(settings: Settings): DynamoDBClient {
  let client = clients.get(settings);
  if (!client) {
    const endpoint = settings.DYNAMODB_ENDPOINT;
    client = new DynamoDBClient({
      region: settings.AWS_REGION,
      maxAttempts: 3,
      // The Lambda must answer within API Gateway's 29 s even when DynamoDB does not.
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
      ...(endpoint ? { endpoint } : {}),
      ...(endpoint && isLoopback(endpoint)
        ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } }
        : {}),
    });
    clients.set(settings, client);
  }
  return client;
}

/** The document client over `getDynamoClient`: plain JavaScript values in and out. */
export function getDocumentClient(settings: Settings): DynamoDBDocumentClient {
  let client = documentClients.get(settings);
  if (!client) {
    client = DynamoDBDocumentClient.from(getDynamoClient(settings), {
      marshallOptions: { removeUndefinedValues: true },
    });
    documentClients.set(settings, client);
  }
  return client;
}
