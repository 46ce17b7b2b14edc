import type { App } from "../common/catalog/index.js";
import type { AppRequestBody, ChatRequestBody } from "../common/request/schemas.js";
import type { ChatRoute, ConversationRoute, HttpMethod, InfoRoute } from "./routes.js";
import type { TokenAllowance } from "./token-allowance.js";

/** Who is asking: the API key's identity (never the key itself), or nobody in particular. */
export type Caller = { kind: "key"; id: string } | { kind: "anonymous" };

/**
 * A chat body after validation: an app's short body, a full chat-completion request, or a full
 * request that names an app as its model (OpenAI's door): the app's prompt and parameters over the
 * client's messages.
 */
export type ChatBody =
  | { kind: "app"; app: App; fields: AppRequestBody }
  | { kind: "passthrough"; fields: ChatRequestBody }
  | { kind: "app-model"; app: App; fields: ChatRequestBody };

interface RequestBase {
  method: HttpMethod;
  /** Header values by lower-case name. */
  headers: Readonly<Record<string, string>>;
  requestId: string;
  caller: Caller;
  /** Aborted when the client has gone: passed to every upstream call. */
  signal: AbortSignal;
  /** The size of the body as received, for the debug log. */
  bodyBytes: number;
  /**
   * The resource the client called, for the log: the route's own, except on OpenAI's door, whose
   * `/v1/chat/completions` runs the route of the app (or `/passthrough`) its model names.
   */
  calledResource: string;
}

/** A chat turn: the body parsed and validated once, and the stream decision made once, at the edge. */
export interface ChatRequest extends RequestBase {
  kind: "chat";
  route: ChatRoute;
  body: ChatBody;
  /** The client asked for events and the transport can send them. */
  wantsStream: boolean;
  /** What the caller's token budget lets each model call spend: set by the core's metering, not by adapters. */
  allowance?: TokenAllowance;
}

/** A request on a resource (a conversation, the diagnostics): no body, path and query parameters. */
export interface ResourceRequest extends RequestBase {
  kind: "resource";
  route: ConversationRoute | InfoRoute;
  pathParameters: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
}

/** What every adapter turns its event into, once; the core sees nothing else of the transport. */
export type ApiRequest = ChatRequest | ResourceRequest;
