import type { AwsCredentials } from "./credentials.js";
import { awsEndpoint } from "./endpoint.js";
import { describeUnreadableBody, isServerSideStatus } from "./error-body.js";
import { jsonObject } from "./json-object.js";
import { AttemptFailure, type AwsResponse, type RetryOptions, signedRequest } from "./signed-request.js";
import { createSigner, type SigV4Signer } from "./signer.js";

/**
 * DynamoDB's JSON protocol, signed and sent without the AWS SDK (see signed-request.ts): the usage
 * meter writes on every answer, and the SDK's client costs it a cold-start load and milliseconds of
 * CPU per call (docs/operations.md, "What metering costs").
 */

export type DynamoDbOperation = "GetItem" | "BatchGetItem" | "UpdateItem" | "Scan";

/** What the usage store needs of a DynamoDB client; tests and benches wrap or replace it. */
export interface DynamoDbCaller {
  send(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** An answer of DynamoDB that is an error, by its type (`ConditionalCheckFailedException`, …). */
export class DynamoDbError extends AttemptFailure {
  readonly type: string;

  constructor(type: string, message: string, transient: boolean) {
    super(message, transient);
    this.type = type;
  }
}

/** Throttling that another attempt, a little later, may get through. */
const THROTTLING_TYPES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);

function errorFrom({ status, text }: AwsResponse): AttemptFailure {
  const serverSide = isServerSideStatus(status);
  const error = jsonObject(text);
  const rawType = error?.["__type"];
  if (!error || typeof rawType !== "string")
    return new AttemptFailure(`HTTP ${status} with ${describeUnreadableBody(text, "JSON")}`, serverSide);
  const type = rawType.split("#").pop() ?? rawType;
  const rawMessage = error["message"] ?? error["Message"];
  const message = typeof rawMessage === "string" ? rawMessage : "no message";
  return new DynamoDbError(
    type,
    `${type} (HTTP ${status}): ${message}`,
    serverSide || THROTTLING_TYPES.has(type),
  );
}

function outputFrom(response: AwsResponse): Record<string, unknown> {
  if (response.status !== 200) throw errorFrom(response);
  const output = jsonObject(response.text);
  if (!output)
    throw new AttemptFailure(`HTTP 200 with ${describeUnreadableBody(response.text, "JSON")}`, false);
  return output;
}

export interface DynamoDbClientOptions {
  region: string;
  credentials: AwsCredentials;
  /** A local or emulated DynamoDB; else the region's public endpoint. */
  endpoint?: URL | undefined;
  retry?: RetryOptions;
}

/** Throttling, server errors, dropped connections and timeouts are retried; any other failure is final. */
export class DynamoDbJsonClient implements DynamoDbCaller {
  readonly #signer: SigV4Signer;
  readonly #endpoint: URL;
  readonly #retry: RetryOptions;

  constructor({ region, credentials, endpoint, retry = {} }: DynamoDbClientOptions) {
    this.#signer = createSigner("dynamodb", region, credentials);
    this.#endpoint = endpoint ?? awsEndpoint("dynamodb", region);
    this.#retry = retry;
  }

  send(operation: DynamoDbOperation, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const request = {
      method: "POST" as const,
      endpoint: this.#endpoint,
      path: "/",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": `DynamoDB_20120810.${operation}`,
      },
      body: JSON.stringify(input),
    };
    return signedRequest(this.#signer, request, outputFrom, this.#retry);
  }
}

/** Whether a failed call was a conditional write whose condition did not hold. */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof DynamoDbError && error.type === "ConditionalCheckFailedException";
