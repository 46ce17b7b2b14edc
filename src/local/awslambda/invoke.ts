import type { Context } from "aws-lambda";
import { isStreamifiedHandler } from "./globals.js";
import { RuntimeResponseStream } from "./runtime-response-stream.js";
import { type HttpSink, StreamIntegrationFrontend } from "./stream-integration-frontend.js";

/**
 * Invokes a streamified handler as Lambda does behind API Gateway's STREAM integration: it gets a
 * runtime response stream whose bytes the integration turns into the HTTP response on `sink`. As in the runtime, the
 * handler must be marked by `streamifyResponse`, be async, and have ended its stream when it returns;
 * otherwise the invocation fails (rejected here after the client got a 502 or a cut-off response).
 * `clientGone` is handed the function that destroys the stream, to call when the client disconnects,
 * as the service does: the local server calls it from its response's `close`, with no abort signal of
 * its own per request.
 */
export async function invokeStreamingHandler(
  handler: unknown,
  event: unknown,
  context: Context,
  sink: HttpSink,
  clientGone?: (leave: () => void) => void,
): Promise<void> {
  if (!isStreamifiedHandler(handler))
    throw new Error("The handler is not wrapped in awslambda.streamifyResponse: Lambda would buffer it.");
  const frontend = new StreamIntegrationFrontend(sink);
  const stream = new RuntimeResponseStream((chunk, contentType) => frontend.receive(chunk, contentType));
  stream.once("finish", () => frontend.finish());
  clientGone?.(() => stream.destroy());
  try {
    const result: unknown = (handler as (...args: unknown[]) => unknown)(event, stream, context);
    if (!(result instanceof Promise)) throw new Error("Streaming does not support non-async handlers.");
    await result;
    if (!stream.writableFinished && !stream.destroyed) throw new Error("Response stream is not finished.");
  } catch (error) {
    frontend.fail();
    stream.destroy();
    throw error;
  }
}
