import { Readable } from "node:stream";
import { Agent, type Dispatcher } from "undici";
import { BufferedResponse } from "./buffered-response.js";

/**
 * A `fetch` for the openai SDK on one keep-alive undici pool, built on undici's `dispatch`: the global
 * fetch spends about six times the CPU per call (WHATWG streams end to end), and even undici's
 * `request` wraps every answer in a Node stream. Here a body is collected straight into one buffer,
 * and only an event stream becomes a web stream, fed as chunks arrive. Redirects are not followed:
 * a model API that answers 3xx is reported as the upstream error it is.
 */
const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 256 });

function requestUrl(input: string | URL | Request): URL {
  if (input instanceof URL) return input;
  return new URL(typeof input === "string" ? input : input.url);
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

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** What fetch rejects with once its signal is aborted: the signal's reason. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("This operation was aborted", "AbortError");
}

/**
 * One upstream exchange: resolves with the response once its head (event streams) or its whole body
 * (everything else) has arrived; an abort ends it at any point, even before a connection is made.
 */
class Exchange implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #abortedWith: Error | undefined;
  #settled = false;
  #status = 0;
  #headers: [string, string][] = [];
  #chunks: Buffer[] = [];
  #stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  readonly #noBody: boolean;
  readonly #signal: AbortSignal | undefined;
  readonly #resolve: (response: Response) => void;
  readonly #reject: (error: Error) => void;
  readonly #onAbort = () => this.#abort(abortReason(this.#signal as AbortSignal));

  constructor(
    noBody: boolean,
    signal: AbortSignal | undefined,
    resolve: (response: Response) => void,
    reject: (error: Error) => void,
  ) {
    this.#noBody = noBody;
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  #abort(reason: Error): void {
    this.#abortedWith ??= reason;
    this.#controller?.abort(reason);
    // Still waiting for a connection: the caller hears now, the request is dropped once it gets one.
    this.onResponseError(this.#controller, reason);
  }

  #done(): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }

  /**
   * Resolves with the response `make` builds; one the WHATWG rules refuse (a bad header) rejects,
   * and false tells the caller that nobody will read the rest.
   */
  #settle(make: () => Response): boolean {
    if (this.#settled) return false;
    let response: Response;
    try {
      response = make();
    } catch (error) {
      this.#fail(asError(error));
      return false;
    }
    this.#settled = true;
    this.#resolve(response);
    return true;
  }

  /** Rejects the call, unless it has already been answered. */
  #fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(error);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortedWith) controller.abort(this.#abortedWith);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.#status = statusCode;
    this.#headers = headerPairs(headers);
    if (this.#noBody || !String(headers["content-type"]).includes("text/event-stream")) return;
    const body = new ReadableStream<Uint8Array>({
      start: (stream) => {
        this.#stream = stream;
      },
      pull: () => controller.resume(),
      cancel: (reason: unknown) => {
        this.#stream = undefined;
        controller.abort(reason instanceof Error ? reason : new Error("The response stream was cancelled"));
      },
    });
    if (!this.#settle(() => new Response(body, { status: statusCode, headers: this.#headers }))) {
      this.#stream = undefined;
      controller.abort(new Error("The upstream answer could not be handed over"));
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.#stream) {
      this.#chunks.push(chunk);
      return;
    }
    this.#stream.enqueue(chunk);
    // The reader is behind: hold the socket until it asks for more.
    if ((this.#stream.desiredSize ?? 1) <= 0) controller.pause();
  }

  onResponseEnd(): void {
    this.#done();
    if (this.#stream) {
      this.#stream.close();
      return;
    }
    const init = { status: this.#status, headers: this.#headers };
    this.#settle(() =>
      this.#noBody ? new Response(null, init) : new BufferedResponse(Buffer.concat(this.#chunks), init),
    );
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.#done();
    if (this.#stream) {
      this.#stream.error(error);
      this.#stream = undefined;
    }
    this.#fail(error);
  }
}

export const keepAliveFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
  new Promise((resolve, reject) => {
    const url = requestUrl(input);
    const method = init.method ?? "GET";
    const { signal } = init;
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const options: Dispatcher.DispatchOptions = {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method as Dispatcher.HttpMethod,
      body: requestBody(init.body),
    };
    // undici takes a Headers object as it is: an iterable of name/value pairs.
    if (init.headers) options.headers = init.headers as Headers | Record<string, string>;
    const exchange = new Exchange(method === "HEAD", signal ?? undefined, resolve, reject);
    try {
      agent.dispatch(options, exchange);
    } catch (error) {
      exchange.onResponseError(undefined, asError(error));
    }
  });
