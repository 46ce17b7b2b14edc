import type { Writable } from "node:stream";
import type { RuntimeResponseStream } from "./runtime-response-stream.js";
import { INTEGRATION_CONTENT_TYPE, PRELUDE_DELIMITER } from "./stream-integration-frontend.js";

/** The mark the Lambda runtime looks for to invoke a handler in streaming mode. */
const HANDLER_STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
const STREAM_RESPONSE = "response";

type Handler = (...args: never[]) => unknown;

/** As the runtime's decorator: the same function, marked for streaming. */
function streamifyResponse<H extends Handler>(handler: H): H {
  Object.defineProperty(handler, HANDLER_STREAMING, { value: STREAM_RESPONSE, configurable: true });
  return handler;
}

export function isStreamifiedHandler(handler: unknown): handler is Handler {
  return (
    typeof handler === "function" &&
    (handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING] === STREAM_RESPONSE
  );
}

/**
 * As the runtime's `HttpResponseStream.from`: switches the stream to the HTTP integration content type
 * and, right before its first write, writes the JSON prelude and the eight-NUL delimiter.
 */
const HttpResponseStream = {
  from(writable: Writable, prelude: Record<string, unknown>): Writable {
    const stream = writable as RuntimeResponseStream;
    stream.setContentType(INTEGRATION_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    stream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(PRELUDE_DELIMITER);
    };
    return stream;
  },
};

/**
 * Completes the `awslambda` global as the Lambda Node.js runtime does, so response-streaming entry
 * points load and run outside Lambda (the local server, tests). What is already there stays: inside Lambda
 * the real members, and what libraries put there (the invoke store of the powertools logger).
 */
export function installAwsLambdaGlobals(): void {
  const holder = globalThis as { awslambda?: Record<string, unknown> };
  const existing = holder.awslambda ?? {};
  holder.awslambda = { streamifyResponse, HttpResponseStream, ...existing };
}
