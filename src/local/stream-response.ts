import type { ServerResponse } from "node:http";
import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import type { StreamingHandler } from "../adapters/response-stream/handler.js";
import { invokeStreamingHandler } from "./awslambda/invoke.js";
import type { HttpSink, ResponseHead } from "./awslambda/stream-integration-frontend.js";

function isEventStream(head: ResponseHead): boolean {
  for (const name in head.headers)
    if (name.toLowerCase() === "content-type")
      return String(head.headers[name]).includes("text/event-stream");
  return false;
}

/** Waits out backpressure: until the response drains, or closes because the client left. */
function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done).off("close", done);
      resolve();
    };
    response.on("drain", done).on("close", done);
  });
}

/**
 * The client's side of a streamed invocation: the head and body go out on the local server's
 * response. An event stream goes out as it comes; any other answer is whole by nature and goes out
 * once it has ended, with its length, in one write, as API Gateway sends it.
 */
function serverResponseSink(response: ServerResponse): HttpSink {
  let whole: { head: ResponseHead; chunks: Buffer[] } | undefined;
  const writeHead = ({ statusCode, headers, cookies }: ResponseHead) =>
    response.writeHead(statusCode, cookies.length > 0 ? { ...headers, "set-cookie": cookies } : headers);
  return {
    head: (head) => {
      if (isEventStream(head)) writeHead(head);
      else whole = { head, chunks: [] };
    },
    body: async (chunk) => {
      if (whole) {
        whole.chunks.push(chunk);
        return;
      }
      if (response.write(chunk)) return;
      await drainedOrClosed(response);
    },
    end: () => {
      if (!whole) {
        response.end();
        return;
      }
      const body = Buffer.concat(whole.chunks);
      writeHead({ ...whole.head, headers: { ...whole.head.headers, "content-length": String(body.length) } });
      response.end(body);
    },
    abort: () => response.destroy(),
  };
}

/**
 * Answers a local request the way a deployed response-streaming function does: the entry is invoked
 * with a runtime response stream, and the prelude it writes becomes the head.
 */
export async function answerThroughResponseStream(
  handler: StreamingHandler,
  event: APIGatewayProxyEvent,
  context: Context,
  response: ServerResponse,
): Promise<void> {
  await invokeStreamingHandler(handler, event, context, serverResponseSink(response), (leave) =>
    response.once("close", () => {
      if (!response.writableFinished) leave();
    }),
  );
}
