import type { IncomingMessage } from "node:http";
import { PayloadTooLargeError } from "../../common/errors.js";

/** Reads a request body as text, refusing (413) as soon as it passes `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  const tooLarge = () => new PayloadTooLargeError(`The request body is larger than the ${limit}-byte limit.`);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return size === 0 ? null : Buffer.concat(chunks, size).toString("utf8");
}
