export const INTEGRATION_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
export const PRELUDE_DELIMITER = Buffer.alloc(8);

export interface ResponseHead {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
}

/** Where API Gateway's STREAM integration sends what the function streamed: the client's HTTP response. */
export interface HttpSink {
  head(head: ResponseHead): void;
  /** Resolves once the client has taken the piece (backpressure reaches the function this way). */
  body(chunk: Buffer): Promise<void>;
  end(): void;
  /** The function failed after the head went out: the client sees the response cut off. */
  abort(): void;
}

const BAD_GATEWAY: ResponseHead = {
  statusCode: 502,
  headers: { "content-type": "application/json" },
  cookies: [],
};

/**
 * API Gateway's side of response streaming (the STREAM integration): with the HTTP integration content type, the bytes
 * up to the first eight NUL bytes are a JSON prelude giving status, headers and cookies (JSON text
 * never holds a raw NUL); the rest is the body. Any other content type is a 200 with that type.
 */
export class StreamIntegrationFrontend {
  readonly #sink: HttpSink;
  #pending: Buffer = Buffer.alloc(0);
  #headSent = false;

  constructor(sink: HttpSink) {
    this.#sink = sink;
  }

  get headSent(): boolean {
    return this.#headSent;
  }

  async receive(chunk: Buffer, contentType: string): Promise<void> {
    if (this.#headSent) return this.#sink.body(chunk);
    if (contentType !== INTEGRATION_CONTENT_TYPE) {
      this.#sendHead({ statusCode: 200, headers: { "content-type": contentType }, cookies: [] });
      return this.#sink.body(chunk);
    }
    // A first piece is looked through as it is, without a copy.
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const delimiterAt = this.#pending.indexOf(PRELUDE_DELIMITER);
    if (delimiterAt < 0) return;
    const rest = this.#pending.subarray(delimiterAt + PRELUDE_DELIMITER.length);
    this.#sendHead(parsePrelude(this.#pending.subarray(0, delimiterAt)));
    this.#pending = Buffer.alloc(0);
    if (rest.length > 0) await this.#sink.body(rest);
  }

  /** The function ended its stream; a prelude without its delimiter is no valid response. */
  finish(): void {
    if (this.#pending.length > 0) {
      this.fail();
      return;
    }
    if (!this.#headSent) this.#sendHead({ statusCode: 200, headers: {}, cookies: [] });
    this.#sink.end();
  }

  /** The invocation failed (the handler threw, or returned with its stream still open). */
  fail(): void {
    this.#pending = Buffer.alloc(0);
    if (this.#headSent) {
      this.#sink.abort();
      return;
    }
    this.#sendHead(BAD_GATEWAY);
    void this.#sink.body(Buffer.from(JSON.stringify({ message: "Internal Server Error" })));
    this.#sink.end();
  }

  #sendHead(head: ResponseHead): void {
    this.#headSent = true;
    this.#sink.head(head);
  }
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((item) => typeof item === "string");

/** The prelude's head; statusCode, headers and cookies may each be left out (200, none, none). */
function parsePrelude(bytes: Buffer): ResponseHead {
  let prelude: unknown;
  try {
    prelude = JSON.parse(bytes.toString("utf8"));
  } catch {
    return BAD_GATEWAY;
  }
  if (typeof prelude !== "object" || prelude === null) return BAD_GATEWAY;
  const { statusCode = 200, headers = {}, cookies = [] } = prelude as Record<string, unknown>;
  const validStatus = Number.isInteger(statusCode) && Number(statusCode) >= 100 && Number(statusCode) <= 599;
  const validCookies = Array.isArray(cookies) && cookies.every((cookie) => typeof cookie === "string");
  if (!validStatus || !isStringRecord(headers) || !validCookies) return BAD_GATEWAY;
  return { statusCode: Number(statusCode), headers, cookies: cookies as string[] };
}
