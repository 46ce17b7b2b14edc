import type { IncomingHttpHeaders } from "node:http";

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The API key a request presents: `x-api-key` (API Gateway's header), else the bearer token of
 * `Authorization`, which every OpenAI client sends.
 */
export function presentedApiKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers["x-api-key"];
  const apiKey = Array.isArray(header) ? header[0] : header;
  if (apiKey) return apiKey;
  return BEARER.exec(headers.authorization ?? "")?.[1];
}
