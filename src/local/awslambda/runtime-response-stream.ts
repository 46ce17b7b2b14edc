import { Writable } from "node:stream";

type WriteCallback = (error: Error | null | undefined) => void;

/** Hands each body piece on, with the content type the stream had when it was written. */
export type Deliver = (chunk: Buffer, contentType: string) => Promise<void>;

/**
 * The response stream the Lambda Node.js runtime passes a streamified handler, as the runtime
 * interface client builds it: the content type can only change before the first write, and a hook set
 * in `_onBeforeFirstWrite` (that is how `HttpResponseStream.from` adds its prelude) runs right before
 * that first write. Where the runtime sends the bytes to the Lambda service, this hands them to
 * `deliver`.
 */
export class RuntimeResponseStream extends Writable {
  _onBeforeFirstWrite: ((write: (piece: string | Uint8Array) => void) => void) | undefined;
  #contentType = "application/octet-stream";
  #writeCalled = false;
  readonly #deliver: Deliver;

  constructor(deliver: Deliver) {
    super();
    this.#deliver = deliver;
  }

  get contentType(): string {
    return this.#contentType;
  }

  setContentType(contentType: string): void {
    if (this.#writeCalled) throw new Error("Cannot set content-type, too late.");
    this.#contentType = contentType;
  }

  override write(
    chunk: unknown,
    encodingOrCallback?: BufferEncoding | WriteCallback,
    callback?: WriteCallback,
  ): boolean {
    const data = typeof chunk === "string" || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    if (!this.#writeCalled && typeof this._onBeforeFirstWrite === "function")
      this._onBeforeFirstWrite((piece) => super.write(piece));
    this.#writeCalled = true;
    return typeof encodingOrCallback === "function"
      ? super.write(data, encodingOrCallback)
      : super.write(data, encodingOrCallback ?? "utf8", callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: WriteCallback): void {
    this.#deliver(chunk, this.#contentType).then(() => callback(null), callback);
  }
}
