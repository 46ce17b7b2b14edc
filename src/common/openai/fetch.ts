import { Http1Client } from "../http/http1-client.js";
import { BufferedResponse } from "./buffered-response.js";

/** The connections to the model service, kept between the requests of one sandbox. */
const modelConnections = new Http1Client();

function requestUrl(input: string | URL | Request): URL {
  if (input instanceof URL) return input;
  return new URL(typeof input === "string" ? input : input.url);
}

/** The request's headers as the HTTP client takes them, without building a WHATWG Headers for a plain record. */
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

/** The request body as the client sends it: the SDK sends JSON text; a stream (an upload) is read whole first. */
async function requestBody(body: RequestInit["body"]): Promise<string | Uint8Array | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof ReadableStream) return new Uint8Array(await new Response(body).arrayBuffer());
  throw new TypeError(
    `Unsupported request body type for the upstream call: ${Object.prototype.toString.call(body)}`,
  );
}

function hasNoBody(method: string, status: number): boolean {
  return method === "HEAD" || status === 204 || status === 304;
}

function isEventStream(headers: [string, string][]): boolean {
  return headers.some(
    ([name, value]) => name.toLowerCase() === "content-type" && value.includes("text/event-stream"),
  );
}

/**
 * A `fetch` for the openai SDK on this project's HTTP/1.1 client (src/common/http), whose kept-alive
 * connections the model calls of a sandbox share. A body is collected straight into one buffer, and
 * only an event stream becomes a web stream. Redirects are not followed: a model API that answers
 * 3xx is reported as the upstream error it is. The measurements behind this are in
 * docs/cold-start.md.
 */
export async function keepAliveFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const { signal } = init;
  const method = init.method ?? "GET";
  const response = await modelConnections.request({
    url: requestUrl(input),
    method,
    headers: outgoingHeaders(init.headers),
    body: await requestBody(init.body),
    signal: signal ?? undefined,
  });
  const responseInit = {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  };
  if (hasNoBody(method, response.status)) return new Response(null, responseInit);
  if (isEventStream(response.headers)) return new Response(response.stream(), responseInit);
  return new BufferedResponse((await response.collect()) as Buffer<ArrayBuffer>, responseInit);
}
