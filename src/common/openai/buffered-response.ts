/**
 * The global Response as WebIDL defines it and Node implements it: `body` and `bodyUsed` are accessors and the
 * readers are methods, all on the prototype, so a subclass can override them. undici-types, which types
 * Node's globals, declares them as instance properties (and has no `bytes()`, which Node 20 has).
 */
interface WebResponse extends Response {
  readonly body: ReadableStream<Uint8Array<ArrayBuffer>> | null;
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
  bytes(): Promise<Uint8Array<ArrayBuffer>>;
  blob(): Promise<Blob>;
  formData(): Promise<FormData>;
  clone(): Response;
}

// Through unknown only for `bytes()`, which Node 20's Response has and undici-types lacks.
const WebResponse = Response as unknown as new (
  ...args: ConstructorParameters<typeof Response>
) => WebResponse;

/**
 * A complete body held in memory. `json()`, `text()` and `arrayBuffer()` read the buffer directly,
 * which is all the SDK does with a chat completion; a WHATWG body is only built when something asks
 * for what only it offers (`body`, `blob()`, `formData()`), and from then on it is the one body.
 */
export class BufferedResponse extends WebResponse {
  readonly #payload: Buffer<ArrayBuffer>;
  readonly #init: ResponseInit;
  #read = false;
  #webBody: WebResponse | undefined;

  constructor(payload: Buffer<ArrayBuffer>, init: ResponseInit) {
    super(null, init);
    this.#payload = payload;
    this.#init = init;
  }

  #web(): WebResponse {
    this.#webBody ??= new WebResponse(this.#read ? null : this.#payload, this.#init);
    return this.#webBody;
  }

  /** The payload, once, as fetch allows a body to be read once. */
  #take(): Buffer<ArrayBuffer> {
    if (this.#read) throw new TypeError("Body is unusable: Body has already been read");
    this.#read = true;
    return this.#payload;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#web().body;
  }

  override get bodyUsed(): boolean {
    return this.#read || (this.#webBody?.bodyUsed ?? false);
  }

  override async text(): Promise<string> {
    if (this.#webBody) return this.#webBody.text();
    return this.#take().toString("utf8");
  }

  override async json(): Promise<unknown> {
    if (this.#webBody) return this.#webBody.json();
    return JSON.parse(this.#take().toString("utf8"));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#webBody) return this.#webBody.arrayBuffer();
    return new Uint8Array(this.#take()).buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#webBody) return this.#webBody.bytes();
    return new Uint8Array(this.#take());
  }

  override async blob(): Promise<Blob> {
    return this.#web().blob();
  }

  override async formData(): Promise<FormData> {
    return this.#web().formData();
  }

  override clone(): Response {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.#payload, this.#init);
  }
}
