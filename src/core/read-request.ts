import { NotFoundError } from "../common/errors.js";
import { decodeBody, validated } from "../common/request/parse-body.js";
import type { RequestSchemas } from "../common/request/request-schemas.js";
import { acceptsEventStream } from "../common/streaming/accepts-event-stream.js";
import type { ApiRequest, Caller, ChatBody } from "./request.js";
import type { HttpMethod, Route } from "./routes.js";

/** What an adapter takes out of its event before anything is parsed. */
export interface RequestParts {
  route: Route;
  method: HttpMethod;
  pathParameters: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
  /** Header values by lower-case name. */
  headers: Readonly<Record<string, string>>;
  body: string | null;
  isBase64Encoded: boolean;
  requestId: string;
  caller: Caller;
  /** Whether this transport can send an answer piece by piece. */
  canStream: boolean;
  signal: AbortSignal;
}

function chatBody(parts: RequestParts & { route: { kind: "chat" } }, schemas: RequestSchemas): ChatBody {
  const raw = decodeBody(parts.body, parts.isBase64Encoded, schemas.limits);
  const { app } = parts.route;
  if (app) return { kind: "app", app, fields: validated(raw, schemas.app) };
  return { kind: "passthrough", fields: validated(raw, schemas.chat) };
}

/** What every request model takes from the parts an adapter read, whichever door it came by. */
export function requestBase(parts: RequestParts) {
  const { method, headers, requestId, caller, signal } = parts;
  return {
    method,
    headers,
    requestId,
    caller,
    signal,
    bodyBytes: parts.body?.length ?? 0,
    calledResource: parts.route.resource,
  };
}

/**
 * The one conversion of a request into the core's model: the body decoded and validated once against
 * its route's schema, and the stream decision made once: the body's `stream` flag when it has one,
 * else the Accept header, and never on a transport that cannot stream. The schemas are the function's,
 * under its settings' limits.
 */
export function readRequest(parts: RequestParts, schemas: RequestSchemas): ApiRequest {
  const { route } = parts;
  const base = requestBase(parts);
  if (route.kind === "openai")
    throw new NotFoundError(`${route.resource} is answered by the ${route.handler} function.`);
  if (route.kind !== "chat") {
    return { ...base, kind: "resource", route, pathParameters: parts.pathParameters, query: parts.query };
  }
  const body = chatBody({ ...parts, route }, schemas);
  const flag = body.fields.stream;
  const wantsStream = parts.canStream && (flag ?? acceptsEventStream(parts.headers.accept));
  return { ...base, kind: "chat", route, body, wantsStream };
}
