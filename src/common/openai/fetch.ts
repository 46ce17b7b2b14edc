import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import { type Duplex, Readable } from "node:stream";
import { BufferedResponse } from "./buffered-response.js";

/** How long an idle connection to the model service is kept for the next request. */
const IDLE_KEEP_MS = 30_000;
const MAX_SOCKETS = 256;

/**
 * Node's keep-alive agent keeps an idle socket until the server closes it; this one closes it after
 * IDLE_KEEP_MS, as a connection the model service has long forgotten only fails the next request.
 */
function idleClosing<A extends HttpAgent>(agent: A): A {
  // Node's own method answers whether it kept the socket (its typings say void).
  const keep = agent.keepSocketAlive.bind(agent) as (socket: Duplex) => boolean;
  const reuse = agent.reuseSocket.bind(agent);
  agent.keepSocketAlive = (socket: Duplex) => {
    const kept = keep(socket);
    if (kept) (socket as Socket).setTimeout(IDLE_KEEP_MS);
    return kept;
  };
  agent.reuseSocket = (socket: Duplex, request: ClientRequest) => {
    (socket as Socket).setTimeout(0);
    reuse(socket, request);
  };
  return agent;
}

const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS };
const httpAgent = idleClosing(new HttpAgent(agentOptions));
const httpsAgent = idleClosing(new HttpsAgent(agentOptions));

function requestUrl(input: string | URL | Request): URL {
  if (input instanceof URL) return input;
  return new URL(typeof input === "string" ? input : input.url);
}

/** The request's headers as node:http takes them, without building a WHATWG Headers for a plain record. */
function outgoingHeaders(headers: RequestInit["headers"]): Record<string, string> {
  if (headers === undefined) return {};
  if (!(headers instanceof Headers) && !Array.isArray(headers)) return headers as Record<string, string>;
  const record: Record<string, string> = {};
  const add = (value: string, name: string) => {
    record[name] = name in record ? `${record[name]}, ${value}` : value;
  };
  if (headers instanceof Headers) headers.forEach(add);
  else for (const [name, value] of headers as [string, string][]) add(value, name.toLowerCase());
  return record;
}

/** Name/value pairs for `ResponseInit`, which copies them into the response's own Headers once. */
function headerPairs(message: IncomingMessage): [string, string][] {
  const pairs: [string, string][] = [];
  const raw = message.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2)
    pairs.push([raw[index] ?? "", raw[index + 1] ?? ""]);
  return pairs;
}

type RequestBody = string | Uint8Array | Readable | null;

function requestBody(body: RequestInit["body"]): RequestBody {
  if (body === null || body === undefined) return null;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof ReadableStream)
    return Readable.fromWeb(body as import("node:stream/web").ReadableStream);
  throw new TypeError(
    `Unsupported request body type for the upstream call: ${Object.prototype.toString.call(body)}`,
  );
}

/** What fetch rejects with once its signal is aborted: the signal's reason. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("This operation was aborted", "AbortError");
}

function hasNoBody(method: string, status: number): boolean {
  return method === "HEAD" || status === 204 || status === 304;
}

/**
 * A `fetch` for the openai SDK on node:http(s) keep-alive agents. The global fetch runs WHATWG streams
 * end to end and is loaded on first use; node:http is already loaded for the Parameter Store call.
 * A body is collected straight into one buffer, and only an event stream becomes a web stream.
 * Redirects are not followed: a model API that answers 3xx is reported as the upstream error it is.
 * The measurements behind this are in docs/cold-start.md.
 */
export const keepAliveFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
  new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let body: RequestBody;
    try {
      body = requestBody(init.body);
    } catch (error) {
      reject(error);
      return;
    }
    const url = requestUrl(input);
    const method = init.method ?? "GET";
    const https = url.protocol === "https:";
    const request = (https ? httpsRequest : httpRequest)(url, {
      method,
      headers: outgoingHeaders(init.headers),
      agent: https ? httpsAgent : httpAgent,
    });
    let response: IncomingMessage | undefined;
    const onAbort = () => {
      const reason = abortReason(signal as AbortSignal);
      reject(reason);
      request.destroy(reason);
      response?.destroy(reason);
    };
    const done = () => signal?.removeEventListener("abort", onAbort);
    signal?.addEventListener("abort", onAbort, { once: true });
    request.once("error", (error) => {
      done();
      reject(error);
    });
    request.once("response", (message) => {
      response = message;
      const status = message.statusCode ?? 0;
      const responseInit = { status, headers: headerPairs(message) };
      message.once("close", done);
      if (hasNoBody(method, status)) {
        message.resume();
        resolve(new Response(null, responseInit));
        return;
      }
      if (String(message.headers["content-type"]).includes("text/event-stream")) {
        resolve(new Response(Readable.toWeb(message) as ReadableStream<Uint8Array>, responseInit));
        return;
      }
      const chunks: Buffer[] = [];
      message.on("data", (chunk: Buffer) => chunks.push(chunk));
      message.once("error", reject);
      message.once("end", () => resolve(new BufferedResponse(Buffer.concat(chunks), responseInit)));
    });
    if (body instanceof Readable) body.pipe(request);
    else request.end(body ?? undefined);
  });
