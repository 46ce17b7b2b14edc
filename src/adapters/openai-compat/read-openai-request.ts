import { findApp } from "../../common/catalog/index.js";
import { NotFoundError } from "../../common/errors.js";
import type { OpenAIChatRequestBody } from "../../common/request/openai-schema.js";
import { decodeBody, validated } from "../../common/request/parse-body.js";
import type { RequestSchemas } from "../../common/request/request-schemas.js";
import type { ChatRequestBody } from "../../common/request/schemas.js";
import type { Settings } from "../../common/settings/index.js";
import { type RequestParts, requestBase } from "../../core/read-request.js";
import type { ChatBody, ChatRequest } from "../../core/request.js";
import { appResource, type ChatRoute, PASSTHROUGH_RESOURCES, type RouteTable } from "../../core/routes.js";

/** OpenAI's defaults where a client leaves them out: its temperature, and a bound on the answer's cost. */
const DEFAULT_TEMPERATURE = 1;
export const DEFAULT_MAX_TOKENS = 4096;

/** A chat turn from OpenAI's door, and what of OpenAI's format only the writer of the answer needs. */
export interface OpenAIChatRequest {
  request: ChatRequest;
  /** `stream_options.include_usage`: the stream ends with a choice-less chunk carrying the usage. */
  includeUsage: boolean;
}

/** The service's chat body for OpenAI's: the same fields, nulls as unset, OpenAI's defaults filled in. */
function chatFields(body: OpenAIChatRequestBody): ChatRequestBody {
  const fields: ChatRequestBody = {
    object_type: "chat.completion",
    model: body.model,
    temperature: body.temperature ?? DEFAULT_TEMPERATURE,
    max_tokens: body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS,
    messages: body.messages,
  };
  if (body.tools) fields.tools = body.tools;
  if (body.tool_choice) fields.tool_choice = body.tool_choice;
  if (body.stream) fields.stream = body.stream;
  if (body.top_p != null) fields.top_p = body.top_p;
  if (body.presence_penalty != null) fields.presence_penalty = body.presence_penalty;
  if (body.frequency_penalty != null) fields.frequency_penalty = body.frequency_penalty;
  if (body.seed != null) fields.seed = body.seed;
  if (body.stop != null) fields.stop = body.stop;
  if (body.user != null) fields.user = body.user;
  return fields;
}

function routeOf(routes: RouteTable, resource: string): ChatRoute {
  const route = routes.byResource("POST", resource);
  if (route?.kind !== "chat") throw new Error(`The route table has no chat route ${resource}`);
  return route;
}

/**
 * Which core answers the model id: a catalog app's slug runs that app (its handler, prompt and
 * parameters); any other id goes to the upstream as on `/passthrough`, when ALLOWED_MODELS lets it.
 */
function modelRoute(
  fields: ChatRequestBody,
  model: string,
  routes: RouteTable,
  settings: Settings,
): { route: ChatRoute; body: ChatBody } {
  const app = findApp(model);
  if (app) return { route: routeOf(routes, appResource(app.slug)), body: { kind: "app-model", app, fields } };
  const allowed = settings.ALLOWED_MODELS;
  if (allowed.length > 0 && !allowed.includes(model))
    throw new NotFoundError(
      `The model '${model}' does not exist or is not served here; GET /v1/models lists the models.`,
      { param: "model" },
    );
  return { route: routeOf(routes, PASSTHROUGH_RESOURCES.openai_v2), body: { kind: "passthrough", fields } };
}

/**
 * The one conversion of an OpenAI chat-completion request into the core's model: the body validated
 * against OpenAI's schema, the model id turned into the route and body of the handler that serves it.
 * Only the `stream` flag decides streaming, as on OpenAI's API.
 */
export function readOpenAIChat(
  parts: RequestParts,
  routes: RouteTable,
  settings: Settings,
  schemas: RequestSchemas,
): OpenAIChatRequest {
  const body = validated(decodeBody(parts.body, parts.isBase64Encoded, schemas.limits), schemas.openAI);
  const { route, body: chatBody } = modelRoute(chatFields(body), body.model, routes, settings);
  return {
    request: {
      kind: "chat",
      ...requestBase(parts),
      route,
      body: chatBody,
      wantsStream: parts.canStream && body.stream === true,
    },
    includeUsage: body.stream_options?.include_usage === true,
  };
}
