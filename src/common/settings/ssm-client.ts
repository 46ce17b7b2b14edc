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
  const { status, text } = await post(url, signed.headers, body);
  if (status !== 200) {
    const error = (JSON.parse(text || "{}") ?? {}) as { __type?: string; message?: string; Message?: string };
    const type = error.__type?.split("#").pop() ?? `HTTP ${status}`;
    throw new Error(`${type}: ${error.message ?? error.Message ?? "no message"}`);
  }
  const output = JSON.parse(text) as Partial<GetParametersOutput>;
  return { Parameters: output.Parameters ?? [], InvalidParameters: output.InvalidParameters ?? [] };
}
