import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
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

export interface SsmClientOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** How long one attempt may take, from connecting to the last byte of the answer. */
  attemptTimeoutMs?: number;
  /** The longest wait before the first retry; it doubles for each further retry, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), as from Math.random. */
  random?: () => number;
}

/**
 * Many functions starting at once can be throttled by SSM: a few retries after short random waits
 * ride that out. An attempt that hangs is abandoned early enough that all of them together stay a
 * small part of the first request's time, which waits for the settings.
 */
const DEFAULT_OPTIONS: Required<SsmClientOptions> = {
  maxAttempts: 4,
  attemptTimeoutMs: 2_000,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  sleep,
  random: Math.random,
};

/** How one attempt failed, and whether another may fare better. */
class AttemptFailure extends Error {
  readonly transient: boolean;

  constructor(message: string, transient: boolean, options?: ErrorOptions) {
    super(message, options);
    this.transient = transient;
  }
}

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

/** Failures of the connection itself that a new connection may not meet. */
const TRANSIENT_CONNECTION_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);

function connectionFailure(error: unknown, host: string): AttemptFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const transient = code !== undefined && TRANSIENT_CONNECTION_CODES.has(code);
  return new AttemptFailure(`no answer from ${host}: ${reason}`, transient, { cause: error });
}

/**
 * node:http(s) rather than fetch: fetch would load a second HTTP stack at cold start just for this call.
 * The deadline covers the whole exchange, not only silences, so a slow trickle cannot stretch it.
 */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<RawResponse> {
  const send = url.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      clearTimeout(deadline);
      reject(connectionFailure(error, url.host));
    };
    const request = send(url, { method: "POST", headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        clearTimeout(deadline);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
      });
      response.on("error", fail);
    });
    const deadline = setTimeout(() => {
      reject(new AttemptFailure(`no answer from ${url.host} within ${timeoutMs} ms`, true));
      request.destroy();
    }, timeoutMs);
    request.on("error", fail);
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

const THROTTLING_TYPES = new Set(["ThrottlingException", "TooManyRequestsException"]);

const isThrottling = (type: string, message: string) =>
  THROTTLING_TYPES.has(type) || /rate exceeded/i.test(message);

/** An AWS JSON error, or whatever a proxy on the way answered instead. */
function errorFrom({ status, text }: RawResponse): AttemptFailure {
  const serverSide = status === 429 || status >= 500;
  const error = jsonObject(text);
  if (!error) return new AttemptFailure(`HTTP ${status} with ${describeNonJson(text)}`, serverSide);
  const type = stringField(error, "__type")?.split("#").pop() ?? "error";
  const message = stringField(error, "message") ?? stringField(error, "Message") ?? "no message";
  return new AttemptFailure(
    `${type} (HTTP ${status}): ${message}`,
    serverSide || isThrottling(type, message),
  );
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

/** Full jitter: any wait up to the capped exponential step, so functions throttled together come back apart. */
function backoffDelay(
  retry: number,
  { baseDelayMs, maxDelayMs, random }: Required<SsmClientOptions>,
): number {
  return random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
}

async function attemptGetParameters(
  signer: SignatureV4,
  url: URL,
  body: string,
  timeoutMs: number,
): Promise<GetParametersOutput> {
  // Signed anew each time: the signature carries its time, and AWS refuses one that has aged.
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
  const response = await post(url, signed.headers, body, timeoutMs);
  if (response.status !== 200) throw errorFrom(response);
  return outputFrom(response.text);
}

const attempts = (count: number) => (count === 1 ? "1 attempt" : `${count} attempts`);

/** Throttling, server errors, dropped connections and timeouts are retried; any other failure is final. */
export async function getParameters(
  names: string[],
  env: Record<string, string | undefined>,
  options: SsmClientOptions = {},
): Promise<GetParametersOutput> {
  const policy = { ...DEFAULT_OPTIONS, ...options };
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
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await attemptGetParameters(signer, url, body, policy.attemptTimeoutMs);
    } catch (error) {
      if (!(error instanceof AttemptFailure && error.transient)) throw error;
      if (attempt >= policy.maxAttempts)
        throw new Error(`${error.message} (gave up after ${attempts(attempt)})`, { cause: error });
      await policy.sleep(backoffDelay(attempt, policy));
    }
  }
}
