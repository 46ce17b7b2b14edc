import type { IncomingHttpHeaders } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { Http1Client } from "../http/http1-client.js";
import { canonicalQuery, type SigV4Signer } from "./signer.js";

/**
 * One AWS API call signed with SigV4 and sent over kept-alive HTTP/1.1 connections, retried when another attempt may
 * fare better. The full AWS SDK clients weigh on a cold start for the few calls these functions make
 * (docs/packaging.md); a SigV4 signature (signer.ts) is all it takes.
 */

export interface RetryOptions {
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
 * Many functions starting at once can be throttled: a few retries after short random waits ride
 * that out. An attempt that hangs is abandoned early enough that all of them together stay a small
 * part of the first request's time, which waits for these calls.
 */
const DEFAULT_RETRY_OPTIONS: Required<RetryOptions> = {
  maxAttempts: 4,
  attemptTimeoutMs: 2_000,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  sleep,
  random: Math.random,
};

/** How one attempt failed, and whether another may fare better. */
export class AttemptFailure extends Error {
  readonly transient: boolean;

  constructor(message: string, transient: boolean, options?: ErrorOptions) {
    super(message, options);
    this.transient = transient;
  }
}

export interface AwsRequest {
  method: "GET" | "POST";
  /** Scheme, host and port; its path is prepended to `path`. */
  endpoint: URL;
  /** Already URI-encoded (`uriEncode` per segment), as it is both signed and sent. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

export interface AwsResponse {
  status: number;
  headers: IncomingHttpHeaders;
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

/** The connections to AWS endpoints, kept between the calls of one sandbox. */
const awsConnections = new Http1Client();

function headerRecord(pairs: [string, string][]): IncomingHttpHeaders {
  const record: IncomingHttpHeaders = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    const earlier = record[lower];
    record[lower] = earlier === undefined ? value : `${String(earlier)}, ${value}`;
  }
  return record;
}

/**
 * The project's HTTP/1.1 client rather than fetch, which would load a second HTTP stack at cold
 * start just for these calls. The deadline covers the whole exchange, not only silences, so a slow
 * trickle cannot stretch it.
 */
async function exchange(
  endpoint: URL,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<AwsResponse> {
  const abandon = new AbortController();
  const deadline = setTimeout(
    () => abandon.abort(new AttemptFailure(`no answer from ${endpoint.host} within ${timeoutMs} ms`, true)),
    timeoutMs,
  );
  try {
    const response = await awsConnections.request({
      url: endpoint,
      target: pathAndQuery,
      method,
      headers,
      body,
      signal: abandon.signal,
    });
    const text = (await response.collect()).toString("utf8");
    return { status: response.status, headers: headerRecord(response.headers), text };
  } catch (error) {
    throw error instanceof AttemptFailure ? error : connectionFailure(error, endpoint.host);
  } finally {
    clearTimeout(deadline);
  }
}

function attempt(signer: SigV4Signer, request: AwsRequest, timeoutMs: number): Promise<AwsResponse> {
  const { endpoint, method, query = {}, body } = request;
  const path = `${endpoint.pathname.replace(/\/$/, "")}${request.path}`;
  // Signed anew each time: the signature carries its time, and AWS refuses one that has aged.
  const headers = signer.sign({
    method,
    path,
    query,
    headers: { host: endpoint.host, ...request.headers },
    ...(body === undefined ? {} : { body }),
  });
  const search = canonicalQuery(query);
  return exchange(endpoint, method, search ? `${path}?${search}` : path, headers, body, timeoutMs);
}

/** Full jitter: any wait up to the capped exponential step, so callers throttled together come back apart. */
function backoffDelay(retry: number, { baseDelayMs, maxDelayMs, random }: Required<RetryOptions>): number {
  return random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
}

const attempts = (count: number) => (count === 1 ? "1 attempt" : `${count} attempts`);

/**
 * Sends the request until `read` accepts an answer. `read` throws an AttemptFailure for an answer
 * that is an error; timeouts, dropped connections and transient failures are retried, any other
 * failure is final.
 */
export async function signedRequest<T>(
  signer: SigV4Signer,
  request: AwsRequest,
  read: (response: AwsResponse) => T,
  options: RetryOptions = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_OPTIONS, ...options };
  for (let count = 1; ; count += 1) {
    try {
      return read(await attempt(signer, request, policy.attemptTimeoutMs));
    } catch (error) {
      if (!(error instanceof AttemptFailure && error.transient)) throw error;
      if (count >= policy.maxAttempts)
        throw new Error(`${error.message} (gave up after ${attempts(count)})`, { cause: error });
      await policy.sleep(backoffDelay(count, policy));
    }
  }
}
