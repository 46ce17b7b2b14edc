import type { Writable } from "node:stream";
import { WritableResponseStream } from "../../streaming/response-stream.js";

/**
 * The ResponseStream over the stream Lambda gives a streaming handler: opening it writes the HTTP
 * integration prelude (status and headers) that the function URL turns into the response head.
 */
export function lambdaResponseStream(responseStream: Writable): WritableResponseStream {
  return new WritableResponseStream(responseStream, (statusCode, headers) =>
    awslambda.HttpResponseStream.from(responseStream, { statusCode, headers }),
  );
}
