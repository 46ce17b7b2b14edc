import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SourceData } from "@smithy/types";

/**
 * One call, SSM GetParameters, signed with the function's own credentials (the environment variables
 * Lambda sets). The full AWS SDK client would weigh on every function's cold start for this one request
 * (its cost is in docs/packaging.md); the SDK's own signer is all it takes.
 */

export interface SsmParameter {
  Name: string;
  Value: string;
}

export interface GetParametersOutput {
  Parameters: SsmParameter[];
  InvalidParameters: string[];
}

const TIMEOUT_MS = 5_000;

const bytes = (data: SourceData): Uint8Array | string =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

class NodeSha256 {
  #secret: Uint8Array | string | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytes(secret);
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret);
  }

  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }

  reset(): void {
    this.#hash = this.#create();
  }
}

function credentialsFrom(env: Record<string, string | undefined>) {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new Error(
      "no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); outside Lambda, set the secret itself instead of its _PARAMETER",
    );
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/** The SSM endpoint, or the override the AWS SDKs honour (AWS_ENDPOINT_URL_SSM, then AWS_ENDPOINT_URL). */
function endpointFor(region: string, env: Record<string, string | undefined>): URL {
  const override = env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL;
  if (override) return new URL(override);
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return new URL(`https://ssm.${region}.${suffix}/`);
}

interface RawResponse {
  status: number;
  text: string;
}

/** node:http(s) rather than fetch: fetch would load a second HTTP stack at cold start just for this call. */
function post(url: URL, headers: Record<string, string>, body: string): Promise<RawResponse> {
  const send = url.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { method: "POST", headers, timeout: TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("timeout", () =>
      request.destroy(new Error(`no answer from ${url.host} within ${TIMEOUT_MS} ms`)),
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** How much of an error body a message quotes: enough to recognise a proxy's page, short enough to log. */
const EXCERPT_LENGTH = 160;

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === "string" ? value : undefined;
}

function describeNonJson(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return "an empty body";
  const quoted = flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
  return `a body that is not JSON: ${JSON.stringify(quoted)}`;
}

/** An AWS JSON error, or whatever a proxy on the way answered instead. */
function errorFrom({ status, text }: RawResponse): Error {
  const error = jsonObject(text);
  if (!error) return new Error(`HTTP ${status} with ${describeNonJson(text)}`);
  const type = stringField(error, "__type")?.split("#").pop() ?? "error";
  const message = stringField(error, "message") ?? stringField(error, "Message") ?? "no message";
  return new Error(`${type} (HTTP ${status}): ${message}`);
}

function outputFrom(text: string): GetParametersOutput {
  const output = jsonObject(text);
  // A successful body holds the decrypted values, so unlike an error's it is never quoted.
  if (!output)
    throw new Error(`HTTP 200 with a body that is not a GetParameters answer (${text.length} characters)`);
  return {
    Parameters: Array.isArray(output.Parameters) ? (output.Parameters as SsmParameter[]) : [],
    InvalidParameters: Array.isArray(output.InvalidParameters) ? (output.InvalidParameters as string[]) : [],
  };
}

export async function getParameters(
  names: string[],
  env: Record<string, string | undefined>,
): Promise<GetParametersOutput> {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("no AWS_REGION in the environment");
  const url = endpointFor(region, env);
  const body = JSON.stringify({ Names: names, WithDecryption: true });
  const signer = new SignatureV4({
    service: "ssm",
    region,
    credentials: credentialsFrom(env),
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: {},
    headers: {
      host: url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AmazonSSM.GetParameters",
    },
    body,
  });
  const response = await post(url, signed.headers, body);
  if (response.status !== 200) throw errorFrom(response);
  return outputFrom(response.text);
}
