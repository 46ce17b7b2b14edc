import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { Context } from "aws-lambda";
import type { StreamingEvent, StreamingHandler } from "../adapters/response-stream/handler.js";
import type { HttpSink } from "./awslambda/function-url-frontend.js";
import { invokeStreamingHandler } from "./awslambda/invoke.js";

/** The client's side of a streamed invocation: the head and body go out on the local server's response. */
function serverResponseSink(response: ServerResponse, clientGone: AbortSignal): HttpSink {
  return {
    head: ({ statusCode, headers, cookies }) => {
      response.writeHead(statusCode, cookies.length > 0 ? { ...headers, "set-cookie": cookies } : headers);
    },
    body: async (chunk) => {
      if (response.write(chunk)) return;
      await once(response, "drain", { signal: clientGone }).catch(() => undefined);
    },
    end: () => response.end(),
    abort: () => response.destroy(),
  };
}

/**
 * Answers a local request the way a deployed response-streaming function does: the entry is invoked
 * with a runtime response stream, and the prelude it writes becomes the head.
 */
export async function answerThroughResponseStream(
  handler: StreamingHandler,
  event: StreamingEvent,
  context: Context,
  response: ServerResponse,
): Promise<void> {
  const clientGone = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) clientGone.abort();
  });
  await invokeStreamingHandler(
    handler,
    event,
    context,
    serverResponseSink(response, clientGone.signal),
    clientGone.signal,
  );
}
