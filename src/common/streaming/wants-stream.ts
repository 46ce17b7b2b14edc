import type { APIGatewayProxyEvent } from "aws-lambda";
import { headerValue } from "../request/headers.js";
import { decodeBody } from "../request/parse-body.js";

const EVENT_STREAM = "text/event-stream";

/** True when an Accept header lists text/event-stream with a non-zero quality (`*` ranges do not count). */
export function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((range) => {
    const [type, ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    if (type !== EVENT_STREAM) return false;
    const quality = params.find((param) => param.startsWith("q="));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

/**
 * A JSON text without `stream` and without `\u` escapes cannot have a `stream` key: a request that
 * does not ask for events in its Accept header is then decided without parsing a body the handler
 * parses anyway.
 */
function mayNameStream(event: Pick<APIGatewayProxyEvent, "body" | "isBase64Encoded">): boolean {
  const body = event.body ?? "";
  return event.isBase64Encoded || body.includes("stream") || body.includes("\\u");
}

/**
 * Whether a chat request asks for a streamed answer: the body's `stream` flag when it has one, else
 * the Accept header. A body that does not parse is answered (with its 400) by the buffered path.
 */
export function wantsEventStream(
  event: Pick<APIGatewayProxyEvent, "headers" | "body" | "isBase64Encoded">,
): boolean {
  const accepts = acceptsEventStream(headerValue(event.headers, "accept"));
  if (!accepts && !mayNameStream(event)) return false;
  let flag: unknown;
  try {
    flag = (decodeBody(event) as { stream?: unknown }).stream;
  } catch {
    return false;
  }
  return typeof flag === "boolean" ? flag : accepts;
}
