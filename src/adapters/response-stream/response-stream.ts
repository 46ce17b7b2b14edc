import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

/**
 * Where a handler writes an answer it sends piece by piece: nothing is committed before `open`, so
 * a failure until then can still get its own status; `signal` aborts when the reader goes away.
 */
export interface ResponseStream {
  readonly opened: boolean;
  readonly signal: AbortSignal;
  open(statusCode: number, headers: Record<string, string>): void;
  /** Resolves once the piece is handed on, waiting out backpressure; a no-op once the reader is gone. */
  write(piece: string | Uint8Array): Promise<void>;
  end(): Promise<void>;
}

/** Sends status and headers, and gives the writable the body goes to. */
export type OpenBody = (statusCode: number, headers: Record<string, string>) => Writable;

/**
 * A ResponseStream over a Node writable: an `http.ServerResponse`, or the response stream Lambda hands
 * a streaming handler. The writable closing before it finished means the reader left.
 */
export class WritableResponseStream implements ResponseStream {
  readonly #controller = new AbortController();
  readonly #target: Writable;
  readonly #openBody: OpenBody;
  #body: Writable | undefined;

  constructor(target: Writable, openBody: OpenBody) {
    this.#target = target;
    this.#openBody = openBody;
    const readerLeft = () => {
      if (!target.writableFinished) this.#controller.abort();
    };
    target.once("close", readerLeft);
    target.once("error", readerLeft);
  }

  get opened(): boolean {
    return this.#body !== undefined;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  open(statusCode: number, headers: Record<string, string>): void {
    if (this.#body) throw new Error("The response is already open.");
    this.#body = this.#openBody(statusCode, headers);
  }

  async write(piece: string | Uint8Array): Promise<void> {
    if (!this.#body) throw new Error("Open the response before writing to it.");
    if (this.signal.aborted) return;
    if (this.#body.write(piece)) return;
    await once(this.#body, "drain", { signal: this.signal }).catch(() => undefined);
  }

  async end(): Promise<void> {
    const body = this.#body ?? this.#target;
    if (this.signal.aborted || body.writableEnded) return;
    body.end();
    await finished(body).catch(() => undefined);
  }
}

/**
 * The ResponseStream over the stream Lambda gives a streaming handler: opening it writes the HTTP
 * integration prelude (status and headers) that API Gateway's STREAM integration turns into the
 * response head.
 */
export function lambdaResponseStream(responseStream: Writable): WritableResponseStream {
  return new WritableResponseStream(responseStream, (statusCode, headers) =>
    awslambda.HttpResponseStream.from(responseStream, { statusCode, headers }),
  );
}
