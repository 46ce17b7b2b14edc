import { credentialsFrom } from "../aws/credentials.js";
import { awsEndpoint, endpointOverride } from "../aws/endpoint.js";
import { describeUnreadableBody, isServerSideStatus } from "../aws/error-body.js";
import { jsonObject } from "../aws/json-object.js";
import { AttemptFailure, type AwsResponse, type RetryOptions, signedRequest } from "../aws/signed-request.js";
import { createSigner } from "../aws/signer.js";

/** One call, SSM GetParameters, signed with the function's own credentials (the environment variables Lambda sets). */

export interface SsmParameter {
  Name: string;
  Value: string;
}

export interface GetParametersOutput {
  Parameters: SsmParameter[];
  InvalidParameters: string[];
}

export type SsmClientOptions = RetryOptions;

function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === "string" ? value : undefined;
}

const THROTTLING_TYPES = new Set(["ThrottlingException", "TooManyRequestsException"]);

const isThrottling = (type: string, message: string) =>
  THROTTLING_TYPES.has(type) || /rate exceeded/i.test(message);

/** An AWS JSON error, or whatever a proxy on the way answered instead. */
function errorFrom({ status, text }: AwsResponse): AttemptFailure {
  const serverSide = isServerSideStatus(status);
  const error = jsonObject(text);
  if (!error)
    return new AttemptFailure(`HTTP ${status} with ${describeUnreadableBody(text, "JSON")}`, serverSide);
  const type = stringField(error, "__type")?.split("#").pop() ?? "error";
  const message = stringField(error, "message") ?? stringField(error, "Message") ?? "no message";
  return new AttemptFailure(
    `${type} (HTTP ${status}): ${message}`,
    serverSide || isThrottling(type, message),
  );
}

function outputFrom(response: AwsResponse): GetParametersOutput {
  if (response.status !== 200) throw errorFrom(response);
  const output = jsonObject(response.text);
  // A successful body holds the decrypted values, so unlike an error's it is never quoted.
  if (!output)
    throw new Error(
      `HTTP 200 with a body that is not a GetParameters answer (${response.text.length} characters)`,
    );
  return {
    Parameters: Array.isArray(output.Parameters) ? (output.Parameters as SsmParameter[]) : [],
    InvalidParameters: Array.isArray(output.InvalidParameters) ? (output.InvalidParameters as string[]) : [],
  };
}

/** Throttling, server errors, dropped connections and timeouts are retried; any other failure is final. */
export async function getParameters(
  names: string[],
  env: Record<string, string | undefined>,
  options: SsmClientOptions = {},
): Promise<GetParametersOutput> {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("no AWS_REGION in the environment");
  const credentials = credentialsFrom(env, "outside Lambda, set the secret itself instead of its _PARAMETER");
  const request = {
    method: "POST" as const,
    endpoint: endpointOverride("SSM", env) ?? awsEndpoint("ssm", region),
    path: "/",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AmazonSSM.GetParameters",
    },
    body: JSON.stringify({ Names: names, WithDecryption: true }),
  };
  return signedRequest(createSigner("ssm", region, credentials), request, outputFrom, options);
}
