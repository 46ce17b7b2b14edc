import type { IncomingMessage } from "node:http";
import { ClientClosedError, PayloadTooLargeError } from "../../common/errors.js";

/**
 * Reads a request body as text, refusing (413) as soon as it passes `limit` bytes. Listens for the
 * stream's events rather than iterating it: one promise per body instead of one per chunk, on the path
 * every request takes.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const tooLarge = () => new PayloadTooLargeError(`The request body is larger than the ${limit}-byte limit.`);
  if (Number(request.headers["content-length"] ?? Number.NaN) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // The rest stays unread; the server answers 413 and closes the connection.
      request.pause();
      settle();
      reject(tooLarge());
    };
    const onEnd = () => {
      settle();
      resolve(size === 0 ? null : Buffer.concat(chunks, size).toString("utf8"));
    };
    // Node reports a connection closed mid-body as an `aborted` error, or as `close` alone.
    const onClientGone = (error?: Error) => {
      settle();
      reject(
        new ClientClosedError(
          "The client closed the connection before sending the whole body.",
          error ? { cause: error } : undefined,
        ),
      );
    };
    function settle() {
      request.off("data", onData).off("end", onEnd).off("error", onClientGone).off("close", onClientGone);
    }
    request.on("data", onData).on("end", onEnd).on("error", onClientGone).on("close", onClientGone);
  });
}
