import { Readable } from "node:stream";
import { Agent, request } from "undici";

/**
 * A `fetch` for the openai SDK built on undici's `request` and one keep-alive connection pool. The
 * global fetch spends about six times the CPU per call (WHATWG streams end to end); here only an
 * event stream keeps a web stream, every other body is read into one buffer.
 */
const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 256 });

function requestUrl(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/** Name/value pairs for `ResponseInit`, which copies them into the response's own Headers once. */
function headerPairs(raw: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name in raw) {
    const value = raw[name];
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

/**
 * A complete body held in memory: the SDK reads it with `json()` or `text()`, which here parse the
 * buffer directly instead of streaming it through a WHATWG body.
 */
class BufferedResponse extends Response {
  readonly #payload: Buffer;

  constructor(payload: Buffer, init: ResponseInit) {
    super(null, init);
    this.#payload = payload;
  }

  override async text(): Promise<string> {
    return this.#payload.toString("utf8");
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.#payload.toString("utf8"));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.#payload).buffer;
  }
}

type RequestBody = string | Buffer | Uint8Array | Readable | null;

function requestBody(body: BodyInit | null | undefined): RequestBody {
  if (body === null || body === undefined) return null;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof ReadableStream)
    return Readable.fromWeb(body as import("node:stream/web").ReadableStream);
  throw new TypeError(
    `Unsupported request body type for the upstream call: ${Object.prototype.toString.call(body)}`,
  );
}

export const keepAliveFetch = async (
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> => {
  const { statusCode, headers, body } = await request(requestUrl(input), {
    method: (init.method ?? "GET") as "GET",
    // undici takes a Headers object as it is: an iterable of name/value pairs.
    ...(init.headers ? { headers: init.headers as Headers | Record<string, string> } : {}),
    body: requestBody(init.body),
    ...(init.signal ? { signal: init.signal } : {}),
    dispatcher: agent,
  });
  const responseInit = { status: statusCode, headers: headerPairs(headers) };
  const noBody = statusCode === 204 || statusCode === 304 || init.method === "HEAD";
  if (noBody) {
    await body.dump();
    return new Response(null, responseInit);
  }
  if (String(headers["content-type"]).includes("text/event-stream"))
    return new Response(Readable.toWeb(body) as ReadableStream, responseInit);
  return new BufferedResponse(Buffer.from(await body.arrayBuffer()), responseInit);
};
