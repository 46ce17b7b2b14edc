import type { IncomingHttpHeaders } from "node:http";
import { presentedApiKey as keyOf } from "../../common/api-key/presented-key.js";

/** The API key a Node request presents (src/common/api-key/presented-key.ts). */
export function presentedApiKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers["x-api-key"];
  return keyOf(Array.isArray(header) ? header[0] : header, headers.authorization);
}
