import { isIP, connect as netConnect, type Socket } from "node:net";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";
import { type ResponseHead, ResponseParser, TOKEN } from "./response-parser.js";

/**
 * HTTP/1.1 requests over kept-alive sockets, for the few kinds of call these functions make: a
 * request whose body is in memory, an answer read whole or streamed. It does what node:http's client
 * and agent do for such calls at a fraction of their CPU per request, which Lambda bills on every
 * invocation; the measurements are in docs/cold-start.md ("The HTTP client").
 */

export interface HttpRequest {
  /** Where to connect, and the request target unless `target` is given. */
  url: URL;
  /** The request target exactly as it is sent (for a signed request, as it was signed). */
  target?: string;
  method: string;
  /** `host` is taken from the URL unless given; the client frames the request (`content-length`, `connection`). */
  headers: Record<string, string>;
  /** Text is sent as UTF-8. */
  body?: string | Uint8Array | undefined;
  signal?: AbortSignal | undefined;
}

export interface HttpResponse extends ResponseHead {
  /** The whole body, once it has arrived. */
  collect(): Promise<Buffer>;
  /** The body as it arrives, read at the reader's pace. */
  stream(): ReadableStream<Uint8Array>;
}

export interface Http1ClientOptions {
  /** How long an idle connection is kept for the next request. */
  idleKeepMs?: number;
  /** Idle connections kept per origin; more are closed as they become idle. */
  maxIdlePerOrigin?: number;
  /** For TLS connections, such as the certificate authorities of a test server. */
  tls?: { ca: NonNullable<ConnectionOptions["ca"]> };
}

/** What node:http refuses in a header value too: controls but HTAB, and what latin1 cannot write. */
const FORBIDDEN_IN_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const PATH = /^[\x21-\x7e]+$/;
/** Headers whose value this client decides: it frames every request itself. */
const FRAMING_HEADERS = new Set(["content-length", "transfer-encoding", "connection"]);
const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);
/** RFC 9110 section 9.2.2. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

function invalid(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: "ERR_INVALID_CHAR" });
}

/** The request line and head, refusing what would let a header or a path end the head early. */
function requestHead(request: HttpRequest, bodyLength: number | undefined): string {
  const { url, method } = request;
  if (!TOKEN.test(method)) throw invalid(`Invalid HTTP method: ${JSON.stringify(method)}`);
  const target = request.target ?? `${url.pathname}${url.search}`;
  if (!PATH.test(target)) throw invalid("The request path contains unescaped characters");
  let head = `${method} ${target} HTTP/1.1\r\n`;
  let hasHost = false;
  for (const name in request.headers) {
    const value = request.headers[name] ?? "";
    if (!TOKEN.test(name)) throw invalid(`Invalid header name: ${JSON.stringify(name)}`);
    if (FORBIDDEN_IN_VALUE.test(value)) throw invalid(`Invalid character in the value of header ${name}`);
    const lower = name.toLowerCase();
    if (FRAMING_HEADERS.has(lower)) continue;
    if (lower === "host") hasHost = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!hasHost) head += `host: ${url.host}\r\n`;
  if (bodyLength !== undefined) head += `content-length: ${bodyLength}\r\n`;
  return `${head}connection: keep-alive\r\n\r\n`;
}

const NOT_ASCII = /[^\p{ASCII}]/u;

/**
 * The head and the body in one buffer, for one write: a corked head and body go out through
 * writev, which costs more per request than a single write.
 */
function requestBytes(head: string, body: string | Uint8Array | undefined): Buffer {
  if (body === undefined || body.length === 0) return Buffer.from(head, "latin1");
  // A head is ASCII unless a header value holds obs-text, which only latin1 writes as sent.
  if (typeof body === "string" && !NOT_ASCII.test(head)) return Buffer.from(head + body);
  const headBytes = Buffer.from(head, "latin1");
  const bodyBytes = typeof body === "string" ? Buffer.from(body) : body;
  return Buffer.concat([headBytes, bodyBytes], headBytes.length + bodyBytes.length);
}

function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** The body's chunks until a reader takes them: the head and the first of the body often come together. */
class BodySink {
  readonly #socket: Socket;
  #chunks: Buffer[] = [];
  #ended = false;
  #error: Error | undefined;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #collected: { resolve: (body: Buffer) => void; reject: (error: Error) => void } | undefined;
  #taken = false;

  constructor(socket: Socket) {
    this.#socket = socket;
  }

  push(chunk: Buffer): void {
    const controller = this.#controller;
    if (controller) {
      controller.enqueue(chunk);
      if ((controller.desiredSize ?? 0) <= 0) this.#socket.pause();
    } else this.#chunks.push(chunk);
  }

  end(): void {
    this.#ended = true;
    if (this.#controller) this.#controller.close();
    else this.#collected?.resolve(this.#whole());
  }

  fail(error: Error): void {
    if (this.#ended || this.#error) return;
    this.#error = error;
    if (this.#controller) this.#controller.error(error);
    else this.#collected?.reject(error);
  }

  /** The body in one buffer; a body that came in one piece is not copied. */
  #whole(): Buffer {
    return this.#chunks.length === 1 && this.#chunks[0] ? this.#chunks[0] : Buffer.concat(this.#chunks);
  }

  #take(): void {
    if (this.#taken) throw new TypeError("Body is unusable: Body has already been read");
    this.#taken = true;
  }

  collect(): Promise<Buffer> {
    this.#take();
    if (this.#error) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve(this.#whole());
    return new Promise((resolve, reject) => {
      this.#collected = { resolve, reject };
    });
  }

  stream(): ReadableStream<Uint8Array> {
    this.#take();
    const socket = this.#socket;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        for (const chunk of this.#chunks) controller.enqueue(chunk);
        this.#chunks = [];
        if (this.#error) controller.error(this.#error);
        else if (this.#ended) controller.close();
        else this.#controller = controller;
      },
      pull: () => {
        socket.resume();
      },
      cancel: () => {
        this.#controller = undefined;
        socket.destroy();
      },
    });
  }
}

/** How a connection closed by the other side fails a request written to it. */
const STALE_CODES: ReadonlySet<unknown> = new Set(["ECONNRESET", "EPIPE"]);

/** A kept connection failed before any byte of an answer came: the request is sent again on a new one. */
class StaleConnectionError extends Error {
  constructor(cause: Error) {
    super("The kept connection was closed by the server", { cause });
  }
}

interface IdleConnection {
  socket: Socket;
  /** Drops the connection from the pool and closes it. */
  forget: () => void;
}

export class Http1Client {
  readonly #idleKeepMs: number;
  readonly #maxIdlePerOrigin: number;
  readonly #tls: Http1ClientOptions["tls"];
  readonly #idle = new Map<string, IdleConnection[]>();
  /** The latest TLS session of each origin, to resume on its next new connection. */
  readonly #tlsSessions = new Map<string, Buffer>();

  constructor(options: Http1ClientOptions = {}) {
    this.#idleKeepMs = options.idleKeepMs ?? 30_000;
    this.#maxIdlePerOrigin = options.maxIdlePerOrigin ?? 64;
    this.#tls = options.tls;
  }

  /** Idle connections kept now for the URL's origin. */
  idleConnections(url: URL): number {
    return this.#idle.get(originOf(url))?.length ?? 0;
  }

  /** Closes every idle connection. */
  close(): void {
    for (const connections of this.#idle.values()) for (const { socket } of connections) socket.destroy();
    this.#idle.clear();
  }

  /** Sends the request; resolves with the response once its head has arrived. */
  request(request: HttpRequest): Promise<HttpResponse> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const body = request.body;
    const bodyLength =
      typeof body === "string"
        ? Buffer.byteLength(body)
        : (body?.length ?? (METHODS_WITH_BODY.has(request.method) ? 0 : undefined));
    try {
      const head = requestHead(request, bodyLength);
      const origin = originOf(request.url);
      const idle = this.#takeIdle(origin);
      if (!idle) return this.#exchange(request, origin, head, this.#connect(request.url, origin), false);
      // A kept connection the server closed while it was idle (a sandbox frozen past its keep-alive,
      // a close still in flight) fails before any answer. An idempotent request goes again at once,
      // once, on a new connection; any other may have been acted on, and its caller's retry policy
      // decides, as with node:http.
      const retryable = IDEMPOTENT_METHODS.has(request.method);
      return this.#exchange(request, origin, head, idle, retryable).catch((error: unknown) => {
        if (!(error instanceof StaleConnectionError)) throw error;
        return this.#exchange(request, origin, head, this.#connect(request.url, origin), false);
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** One request and its response on one connection. */
  #exchange(
    request: HttpRequest,
    origin: string,
    head: string,
    socket: Socket,
    retryable: boolean,
  ): Promise<HttpResponse> {
    const { body, signal } = request;
    return new Promise((resolve, reject) => {
      const sink = new BodySink(socket);
      let settled = false;
      let received = false;
      const fail = (error: Error) => {
        cleanUp();
        socket.destroy();
        if (settled) sink.fail(error);
        else {
          settled = true;
          const stale =
            retryable && !received && !signal?.aborted && STALE_CODES.has((error as { code?: unknown }).code);
          reject(stale ? new StaleConnectionError(error) : error);
        }
      };
      const parser = new ResponseParser(
        {
          head: (responseHead) => {
            settled = true;
            resolve({
              ...responseHead,
              collect: () => sink.collect(),
              stream: () => sink.stream(),
            });
          },
          body: (chunk) => sink.push(chunk),
          end: (reusable) => {
            cleanUp();
            if (reusable) this.#keep(origin, socket);
            else socket.destroy();
            sink.end();
          },
        },
        request.method,
      );
      const onData = (chunk: Buffer) => {
        received = true;
        try {
          parser.feed(chunk);
        } catch (error) {
          fail(error as Error);
        }
      };
      const onClose = () => {
        try {
          parser.close();
        } catch (error) {
          fail(error as Error);
        }
      };
      const onAbort = () => fail(abortReason(signal as AbortSignal));
      const cleanUp = () => {
        socket.off("data", onData);
        socket.off("error", fail);
        socket.off("close", onClose);
        signal?.removeEventListener("abort", onAbort);
      };
      socket.on("data", onData);
      socket.on("error", fail);
      socket.on("close", onClose);
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.write(requestBytes(head, body));
    });
  }

  /** An idle connection to the origin that is still open, if there is one. */
  #takeIdle(origin: string): Socket | undefined {
    const idle = this.#idle.get(origin);
    for (let connection = idle?.pop(); connection; connection = idle?.pop()) {
      const { socket, forget } = connection;
      socket.off("close", forget);
      socket.off("error", forget);
      socket.off("data", forget);
      socket.off("timeout", forget);
      socket.setTimeout(0);
      if (socket.destroyed || !socket.writable) continue;
      socket.ref();
      return socket;
    }
    return undefined;
  }

  #connect(url: URL, origin: string): Socket {
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    if (url.protocol === "http:") return netConnect({ host, port: Number(url.port || 80), noDelay: true });
    if (url.protocol !== "https:") throw new TypeError(`Unsupported protocol ${url.protocol}`);
    const session = this.#tlsSessions.get(origin);
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      ALPNProtocols: ["http/1.1"],
      ...(session ? { session } : {}),
      ...this.#tls,
    });
    // A new connection resumes the last TLS session, as node:https's agent does: no certificate
    // chain to verify again when a connection closed after its idle time is replaced.
    socket.on("session", (ticket: Buffer) => this.#tlsSessions.set(origin, ticket));
    let secured = false;
    socket.once("secureConnect", () => {
      secured = true;
    });
    // A session the server no longer takes must not fail every connection after it.
    socket.once("error", () => {
      if (!secured) this.#tlsSessions.delete(origin);
    });
    return socket.setNoDelay(true);
  }

  /** Keeps a connection whose response is complete until the next request, the idle limit or the server closes it. */
  #keep(origin: string, socket: Socket): void {
    const idle = this.#idle.get(origin) ?? [];
    if (idle.length >= this.#maxIdlePerOrigin) {
      socket.destroy();
      return;
    }
    this.#idle.set(origin, idle);
    const connection: IdleConnection = {
      socket,
      forget: () => {
        const at = idle.indexOf(connection);
        if (at >= 0) idle.splice(at, 1);
        socket.destroy();
      },
    };
    idle.push(connection);
    // The socket keeps reading while idle, so that a server closing it is seen before the next request;
    // anything it sends unasked means the connection is out of step.
    socket.on("close", connection.forget);
    socket.on("error", connection.forget);
    socket.on("data", connection.forget);
    // A streamed body's reader may have paused it just before the body ended.
    socket.resume();
    socket.setTimeout(this.#idleKeepMs, connection.forget);
    // An idle connection does not keep the process alive, as node:http's agent's do not.
    socket.unref();
  }
}

/** What a request rejects with once its signal is aborted: the signal's reason, as fetch does. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("This operation was aborted", "AbortError");
}
