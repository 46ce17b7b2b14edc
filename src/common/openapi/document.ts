import { ADMIN_KEY_HEADER } from "../../core/response-headers.js";
import { getCatalog } from "../catalog/index.js";
import { DEFAULT_REQUEST_LIMITS } from "../request/limits.js";
import { requestSchemas } from "../request/request-schemas.js";
import * as z from "../zod.js";
import {
  ChatCompletionResponseSchema,
  ErrorBodySchema,
  InfoResponseSchema,
  ModelListSchema,
  OpenAIChatCompletionSchema,
  OpenAIErrorBodySchema,
  UsageResponseSchema,
} from "./response-schemas.js";

export interface RouteDescription {
  method: "GET" | "POST" | "DELETE";
  resource: string;
  handler: string;
}

type JsonObject = Record<string, unknown>;

const ERROR_STATUSES: Record<string, string> = {
  "400": "Bad input; the message names the field",
  "401": "Missing API key",
  "403": "Wrong API key",
  "404": "Unknown route or app",
  "413": "Body too large",
  "429": "Throttled, quota or token budget spent (budget_exceeded); see Retry-After",
  "502": "The model service failed",
  "504": "The model service timed out",
};

function schemaOf(schema: z.ZodMiniType): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonObject;
  return rest;
}

function errorResponses(schema = "Error"): JsonObject {
  return Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([status, description]) => [
      status,
      {
        description,
        content: { "application/json": { schema: { $ref: `#/components/schemas/${schema}` } } },
      },
    ]),
  );
}

/** The OpenAI door's paths (docs/openai-api.md): its own schemas, and the key as a bearer token too. */
function openAIOperation(route: RouteDescription, base: JsonObject): JsonObject | undefined {
  const openAI = { ...base, tags: ["openai"], security: [{ apiKey: [] }, { bearer: [] }] };
  if (route.method === "GET" && route.resource === "/v1/models")
    return {
      ...openAI,
      summary: "The models: every app (its slug), then the allowed upstream models",
      responses: {
        "200": { description: "A model list", content: json("ModelList") },
        ...errorResponses("OpenAIError"),
      },
    };
  if (route.method !== "POST" || route.resource !== "/v1/chat/completions") return undefined;
  const example = {
    model: "default-grammar",
    messages: [{ role: "user", content: "She no went to the market." }],
  };
  return {
    ...openAI,
    summary: "OpenAI's chat completions; an app's slug as the model runs that app",
    requestBody: { required: true, content: json("OpenAIChatRequest", example) },
    responses: {
      "200": {
        description:
          'A chat.completion; with "stream": true, chat.completion.chunk events (a usage chunk last with stream_options.include_usage), then data: [DONE].',
        content: { ...json("OpenAIChatCompletion"), "text/event-stream": { schema: { type: "string" } } },
      },
      ...errorResponses("OpenAIError"),
    },
  };
}

function json(ref: string, example?: unknown): JsonObject {
  return {
    "application/json": { schema: { $ref: `#/components/schemas/${ref}` }, ...(example ? { example } : {}) },
  };
}

function operation(route: RouteDescription): JsonObject {
  const app = getCatalog().apps.find((a) => route.resource === `/examples/${a.slug}`);
  const parameters = [...route.resource.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const base: JsonObject = {
    operationId: `${route.method.toLowerCase()}${route.resource.replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ?? "").toUpperCase())}`,
    summary: app ? app.title : `${route.method} ${route.resource}`,
    description: app
      ? `${app.description} Served by the ${app.handler} handler.`
      : `Served by the ${route.handler} handler.`,
    tags: [app ? "apps" : route.handler],
    security: [{ apiKey: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
  };
  const openAI = openAIOperation(route, base);
  if (openAI) return openAI;
  if (route.method === "GET" && route.resource === "/info")
    return {
      ...base,
      responses: { "200": { description: "Diagnostics", content: json("Info") }, ...errorResponses() },
    };
  if (route.method === "GET" && route.resource === "/usage")
    return {
      ...base,
      parameters: [
        {
          name: "scope",
          in: "query",
          required: false,
          schema: { type: "string", enum: ["own", "all"], default: "own" },
          description: "`all`: every key's totals, with the admin key only",
        },
        {
          name: ADMIN_KEY_HEADER,
          in: "header",
          required: false,
          schema: { type: "string" },
          description: "The ADMIN_API_KEY, for scope=all",
        },
      ],
      responses: {
        "200": { description: "Token usage and budgets", content: json("Usage") },
        ...errorResponses(),
      },
    };
  if (route.method !== "POST")
    return {
      ...base,
      responses: { "200": { description: "OK", content: { "application/json": {} } }, ...errorResponses() },
    };
  const body = app
    ? json("AppRequest", { input_text: app.examples[0], chat_history: [] })
    : json("ChatRequest", { messages: [{ role: "user", content: "Hello!" }] });
  return {
    ...base,
    requestBody: { required: true, content: body },
    responses: {
      "200": {
        description:
          'A chat.completion; with "stream": true (or Accept: text/event-stream), server-sent chat.completion.chunk events, a final event with usage and request_meta_data, then data: [DONE] (docs/streaming.md).',
        content: {
          ...json("ChatCompletion"),
          "text/event-stream": { schema: { type: "string" } },
        },
      },
      ...errorResponses(),
    },
  };
}

/**
 * An OpenAPI 3.1 document built from the request schemas, the catalog and the route table. The
 * schemas state the default request limits; a deployment's settings may set others.
 */
export function openApiDocument(routes: readonly RouteDescription[], serverUrl = "/"): JsonObject {
  const defaults = requestSchemas(DEFAULT_REQUEST_LIMITS);
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    paths[route.resource] = {
      ...(paths[route.resource] ?? {}),
      [route.method.toLowerCase()]: operation(route),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "aws-openai",
      version: "1.0.0",
      description:
        "Chatbot apps and chat completions on the OpenAI API, served by AWS Lambda behind API Gateway.",
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "apps", description: "The sample chatbot apps of the catalog" },
      { name: "openai", description: "OpenAI's own API: point an OpenAI client's baseURL at /v1" },
    ],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        bearer: { type: "http", scheme: "bearer", description: "The API key, as OpenAI's clients send it" },
      },
      schemas: {
        ChatRequest: schemaOf(defaults.chat),
        AppRequest: schemaOf(defaults.app),
        ChatCompletion: schemaOf(ChatCompletionResponseSchema),
        Info: schemaOf(InfoResponseSchema),
        Usage: schemaOf(UsageResponseSchema),
        Error: schemaOf(ErrorBodySchema),
        OpenAIChatRequest: schemaOf(defaults.openAI),
        OpenAIChatCompletion: schemaOf(OpenAIChatCompletionSchema),
        OpenAIError: schemaOf(OpenAIErrorBodySchema),
        ModelList: schemaOf(ModelListSchema),
      },
    },
  };
}
