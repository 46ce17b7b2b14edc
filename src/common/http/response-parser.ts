/** A response that breaks HTTP/1.1's framing rules: the connection it came on cannot be trusted. */
export class HttpProtocolError extends Error {
  readonly code = "HPE_INVALID_RESPONSE";
}

export interface ResponseHead {
  status: number;
  statusText: string;
  /** Name/value pairs as sent, names in their sent case, in order. */
  headers: [string, string][];
}

export interface ResponseEvents {
  head(head: ResponseHead): void;
  body(chunk: Buffer): void;
  /**
   * The whole response has arrived, reported once at the end of the feed that completed it;
   * `reusable` says whether its connection may carry another request.
   */
  end(reusable: boolean): void;
}

/** More than any real response's head; bounds what a hostile server can make us buffer before a body. */
export const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line with its extensions, or one trailer line. */
const MAX_LINE_BYTES = 8 * 1024;

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;
/** RFC 9110 section 5.6.2: what a method or a field name is made of. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What no line of a head may hold (RFC 9110 field values and RFC 9112 reason phrases: visible characters, spaces, tabs, obs-text). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL_CHARACTER = /[\x00-\x08\x0a-\x1f\x7f]/;
const CONTENT_LENGTH = /^\d{1,15}$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,13})[ \t]*(?:;.*)?$/;
const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

type State =
  | { kind: "head" }
  | { kind: "length"; remaining: number }
  | { kind: "chunk-size" }
  | { kind: "chunk-data"; remaining: number }
  | { kind: "chunk-end" }
  | { kind: "trailers" }
  | { kind: "until-close" }
  | { kind: "done" };

interface Framing {
  state: State;
  reusable: boolean;
}

function hasToken(value: string, token: string): boolean {
  return value
    .toLowerCase()
    .split(",")
    .some((part) => part.trim() === token);
}

/**
 * Reads one HTTP/1.1 response from the bytes of a connection as they come, in any split: its head,
 * then its body by the framing it declares (Content-Length, chunked, or until the connection
 * closes), as RFC 9112 section 6 orders them. 1xx heads are skipped. Bodies are passed on as they
 * arrive, without copying where a chunk allows it.
 */
export class ResponseParser {
  readonly #events: ResponseEvents;
  /** A response to HEAD has no body whatever its head says. */
  readonly #bodiless: boolean;
  #state: State = { kind: "head" };
  #reusable = false;
  /** Bytes of a head or of a line not complete yet. */
  #pending: Buffer | undefined;
  #ended = false;

  constructor(events: ResponseEvents, requestMethod: string) {
    this.#events = events;
    this.#bodiless = requestMethod === "HEAD";
  }

  /** Whether the head has been read: a failure after it breaks the body, before it the request. */
  get #headRead(): boolean {
    return this.#state.kind !== "head";
  }

  /** Takes the next bytes of the connection; throws HttpProtocolError for a response that breaks the rules. */
  feed(chunk: Buffer): void {
    let data = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = undefined;
    while (data.length > 0) {
      const state = this.#state;
      switch (state.kind) {
        case "head":
          data = this.#readHead(data);
          break;
        case "length":
          data = this.#passBody(data, state);
          if (state.remaining === 0) this.#finish();
          break;
        case "chunk-size":
          data = this.#readLine(data, (line) => this.#readChunkSize(line));
          break;
        case "chunk-data":
          data = this.#passBody(data, state);
          if (state.remaining === 0) this.#state = { kind: "chunk-end" };
          break;
        case "chunk-end":
          data = this.#readLine(data, (line) => {
            if (line.length > 0) throw new HttpProtocolError("A chunk is longer than its size says");
            this.#state = { kind: "chunk-size" };
          });
          break;
        case "trailers":
          data = this.#readLine(data, (line) => {
            if (line.length === 0) this.#finish();
          });
          break;
        case "until-close":
          this.#events.body(data);
          data = data.subarray(data.length);
          break;
        case "done":
          // Bytes after a complete response answer no request of ours: the connection is not reused.
          this.#reusable = false;
          data = data.subarray(data.length);
          break;
      }
    }
    if (this.#state.kind === "done" && !this.#ended) {
      this.#ended = true;
      this.#events.end(this.#reusable);
    }
  }

  /** The connection closed: ends a body that runs until then, or throws for a response cut short. */
  close(): void {
    if (this.#state.kind === "until-close") {
      this.#state = { kind: "done" };
      this.#ended = true;
      this.#events.end(false);
      return;
    }
    if (this.#state.kind !== "done")
      throw Object.assign(new Error(this.#headRead ? "aborted" : "socket hang up"), { code: "ECONNRESET" });
  }

  /** Passes on what `data` holds of the `remaining` bytes of body, and returns the rest of it. */
  #passBody(data: Buffer, state: { remaining: number }): Buffer {
    const take = Math.min(state.remaining, data.length);
    state.remaining -= take;
    this.#events.body(take === data.length ? data : data.subarray(0, take));
    return data.subarray(take);
  }

  #finish(): void {
    this.#state = { kind: "done" };
  }

  /**
   * Calls `use` with the text up to the next `terminator`, or keeps the bytes for the next feed;
   * refuses to wait for more than `maxBytes` of it.
   */
  #readUntil(
    data: Buffer,
    terminator: Buffer,
    maxBytes: number,
    tooLong: string,
    use: (text: string) => void,
  ): Buffer {
    const end = data.indexOf(terminator);
    if (end < 0) {
      if (data.length > maxBytes) throw new HttpProtocolError(tooLong);
      this.#pending = data;
      return data.subarray(data.length);
    }
    if (end > maxBytes) throw new HttpProtocolError(tooLong);
    use(data.toString("latin1", 0, end));
    return data.subarray(end + terminator.length);
  }

  /** A chunk-size line, a chunk's closing CRLF or a trailer line. */
  #readLine(data: Buffer, use: (line: string) => void): Buffer {
    return this.#readUntil(data, CRLF, MAX_LINE_BYTES, "A line of the body is too long", use);
  }

  #readChunkSize(line: string): void {
    const match = CHUNK_SIZE.exec(line);
    if (!match?.[1]) throw new HttpProtocolError("A chunk size is not a hexadecimal number");
    const size = Number.parseInt(match[1], 16);
    this.#state = size === 0 ? { kind: "trailers" } : { kind: "chunk-data", remaining: size };
  }

  #readHead(data: Buffer): Buffer {
    return this.#readUntil(data, HEAD_END, MAX_HEAD_BYTES, "The response head is too large", (text) => {
      const { head, minor } = parseHead(text);
      // 101 would switch protocols, which no request of ours asks for; other 1xx heads precede the answer.
      if (head.status >= 100 && head.status < 200 && head.status !== 101) return;
      const framing = this.#framing(head, minor);
      this.#reusable = framing.reusable;
      this.#state = framing.state;
      this.#events.head(head);
    });
  }

  #framing(head: ResponseHead, minor: string): Framing {
    let connection = "";
    let transferEncoding: string | undefined;
    let contentLength: string | undefined;
    for (const [name, value] of head.headers) {
      const lower = name.toLowerCase();
      if (lower === "connection") connection += `,${value}`;
      else if (lower === "transfer-encoding")
        transferEncoding = transferEncoding === undefined ? value : `${transferEncoding},${value}`;
      else if (lower === "content-length") {
        if (!CONTENT_LENGTH.test(value)) throw new HttpProtocolError("The Content-Length is not a number");
        if (contentLength !== undefined && Number(contentLength) !== Number(value))
          throw new HttpProtocolError("The response has two different Content-Length values");
        contentLength = value;
      }
    }
    // RFC 9112 section 6.3: a sign of response splitting, to be handled as an error (llhttp refuses it too).
    if (transferEncoding !== undefined && contentLength !== undefined)
      throw new HttpProtocolError("The response has both a Transfer-Encoding and a Content-Length");
    const keepAlive = minor === "1" && !hasToken(connection, "close");
    if (this.#bodiless || head.status === 204 || head.status === 304 || head.status === 101)
      return { state: { kind: "done" }, reusable: keepAlive && head.status !== 101 };
    if (transferEncoding !== undefined) {
      const codings = transferEncoding.toLowerCase().split(",");
      if (codings[codings.length - 1]?.trim() === "chunked")
        return { state: { kind: "chunk-size" }, reusable: keepAlive };
      return { state: { kind: "until-close" }, reusable: false };
    }
    if (contentLength !== undefined) {
      const length = Number(contentLength);
      return {
        state: length === 0 ? { kind: "done" } : { kind: "length", remaining: length },
        reusable: keepAlive,
      };
    }
    return { state: { kind: "until-close" }, reusable: false };
  }
}

function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** A field value without the spaces and tabs around it (RFC 9110 section 5.5). */
function fieldValue(line: string, from: number): string {
  let start = from;
  let end = line.length;
  while (start < end && isSpaceOrTab(line.charCodeAt(start))) start += 1;
  while (end > start && isSpaceOrTab(line.charCodeAt(end - 1))) end -= 1;
  return line.slice(start, end);
}

function parseHead(text: string): { head: ResponseHead; minor: string } {
  // One test for the whole head: a control character, or a CR or LF that does not end a line.
  if (CONTROL_CHARACTER.test(text.replaceAll("\r\n", "")))
    throw new HttpProtocolError("The response head holds a control character");
  const lines = text.split("\r\n");
  const status = STATUS_LINE.exec(lines[0] ?? "");
  if (!status?.[1] || !status[2])
    throw new HttpProtocolError("The response does not start with an HTTP/1.x status line");
  const headers: [string, string][] = [];
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon) : "";
    if (!TOKEN.test(name)) throw new HttpProtocolError("A response header line is not `name: value`");
    headers.push([name, fieldValue(line, colon + 1)]);
  }
  return { head: { status: Number(status[2]), statusText: status[3] ?? "", headers }, minor: status[1] };
}
