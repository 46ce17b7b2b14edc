import type { APIGatewayProxyResult } from "aws-lambda";
import { logger } from "../logger.js";
import { CORS_HEADERS, errorEventData } from "../responses.js";
import type { ResponseStream } from "./response-stream.js";
import { formatEvent, SSE_DONE, SSE_HEADERS, type StreamEvent } from "./sse.js";

/** A whole (buffered) answer written to a response stream: a JSON body, an error, a non-streamed request. */
export async function sendResult(response: ResponseStream, result: APIGatewayProxyResult): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  response.open(result.statusCode, headers);
  await response.write(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
  await response.end();
}

/**
 * Sends events as server-sent events. The first event is awaited before anything is committed, so
 * a request the model refuses still gets its status and JSON error body (thrown to the caller). Once
 * the stream is open, a failure becomes an `error` event that ends the stream. When the reader leaves,
 * the event source is closed, which aborts the upstream call behind it.
 */
export async function sendEventStream(
  response: ResponseStream,
  events: AsyncIterable<StreamEvent>,
  requestId: string,
  allowOrigin = "*",
): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  let step = await iterator.next();
  response.open(200, {
    ...SSE_HEADERS,
    ...CORS_HEADERS,
    "Access-Control-Allow-Origin": allowOrigin,
    "X-Request-Id": requestId,
  });
  try {
    for (; !step.done && !response.signal.aborted; step = await iterator.next()) {
      await response.write(formatEvent(step.value));
    }
    await response.write(SSE_DONE);
  } catch (error) {
    if (!response.signal.aborted)
      await response.write(formatEvent({ event: "error", data: errorEventData(error, requestId) }));
  } finally {
    if (response.signal.aborted) {
      logger.info("The client left before the end of the stream", { requestId });
      await iterator.return?.();
    }
    await response.end();
  }
}
