import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { FunctionUrlHandler } from "../common/lambda/function-url/handler.js";
import type { HttpSink } from "./awslambda/function-url-frontend.js";
import { invokeStreamingHandler } from "./awslambda/invoke.js";

/** The client's side of a function URL: the head and body go out on the local server's response. */
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
 * Answers a local request the way a deployed function URL in RESPONSE_STREAM mode does: the function
 * URL handler is invoked with a runtime response stream, and the prelude it writes becomes the head.
 */
export async function answerThroughFunctionUrl(
  handler: FunctionUrlHandler,
  event: APIGatewayProxyEventV2,
  context: Context,
  response: ServerResponse,
): Promise<void> {
  const clientGone = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) clientGone.abort();
  });
  await invokeStreamingHandler(
    awslambda.streamifyResponse(handler),
    event,
    context,
    serverResponseSink(response, clientGone.signal),
    clientGone.signal,
  );
}
