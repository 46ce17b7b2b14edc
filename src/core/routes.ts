import { type App, type ChatHandlerName, getCatalog } from "../common/catalog/index.js";
import { HANDLER_NAMES } from "../common/catalog/schema.js";

/** The function of the OpenAI-compatible door: it runs any chat handler's core, as the model id says. */
export const OPENAI_COMPAT = "openai_compat";

export type HandlerName = ChatHandlerName | "info" | typeof OPENAI_COMPAT;

/** The functions whose entry streams (every route of theirs a STREAM integration); only info is buffered. */
export const STREAMING_FUNCTIONS: readonly HandlerName[] = [...HANDLER_NAMES, OPENAI_COMPAT];
export type HttpMethod = "GET" | "POST" | "DELETE";

/** A chat route: one per catalog app, and each chat handler's passthrough route. */
export interface ChatRoute {
  kind: "chat";
  method: "POST";
  /** The API Gateway resource, e.g. `/examples/default-grammar` or `/passthrough`. */
  resource: string;
  handler: ChatHandlerName;
  /** The app an `/examples/<slug>` route runs; absent on passthrough routes. */
  app?: App;
}

export interface ConversationRoute {
  kind: "conversation";
  method: "GET" | "DELETE";
  resource: typeof CONVERSATION_RESOURCE | typeof CONVERSATIONS_RESOURCE;
  handler: "langchain";
}

/** A route of the buffered info function: the diagnostics, and the caller's token usage. */
export interface InfoRoute {
  kind: "info";
  method: "GET";
  resource: typeof INFO_RESOURCE | typeof USAGE_RESOURCE;
  handler: "info";
}

/** OpenAI's own API (`/v1/...`): one door over every chat handler, each app a model. */
export interface OpenAIRoute {
  kind: "openai";
  method: "GET" | "POST";
  resource: typeof OPENAI_CHAT_RESOURCE | typeof OPENAI_MODELS_RESOURCE;
  handler: typeof OPENAI_COMPAT;
}

export type Route = ChatRoute | ConversationRoute | InfoRoute | OpenAIRoute;

export const INFO_RESOURCE = "/info";
export const USAGE_RESOURCE = "/usage";

/** Where OpenAI's clients find the API: their `baseURL` is the API's URL plus this prefix. */
export const OPENAI_PREFIX = "/v1";
export const OPENAI_CHAT_RESOURCE = "/v1/chat/completions";
export const OPENAI_MODELS_RESOURCE = "/v1/models";

/** Whether a path is under OpenAI's prefix, where errors take OpenAI's shape. */
export function isOpenAIPath(path: string): boolean {
  return path === OPENAI_PREFIX || path.startsWith(`${OPENAI_PREFIX}/`);
}

export const CONVERSATION_RESOURCE = "/conversations/{id}";
/** The caller's conversations, newest first. */
export const CONVERSATIONS_RESOURCE = "/conversations";

/** The route where each chat handler takes a full chat-completion body; app routes come from the catalog. */
export const PASSTHROUGH_RESOURCES: Readonly<Record<ChatHandlerName, string>> = {
  openai_v2: "/passthrough",
  langchain: "/langchain",
  openai_function: "/openai_function_passthrough",
};

export function appResource(slug: string): string {
  return `/examples/${slug}`;
}

/** The API's routes: one per catalog app plus the fixed ones; the Terraform stack declares the same. */
export function apiRoutes(apps: readonly App[] = getCatalog().apps): Route[] {
  const appRoutes = apps.map(
    (app): Route => ({
      kind: "chat",
      method: "POST",
      resource: appResource(app.slug),
      handler: app.handler,
      app,
    }),
  );
  const passthrough = (handler: ChatHandlerName): Route => ({
    kind: "chat",
    method: "POST",
    resource: PASSTHROUGH_RESOURCES[handler],
    handler,
  });
  return [
    ...appRoutes,
    passthrough("openai_v2"),
    passthrough("langchain"),
    { kind: "conversation", method: "GET", resource: CONVERSATIONS_RESOURCE, handler: "langchain" },
    { kind: "conversation", method: "GET", resource: CONVERSATION_RESOURCE, handler: "langchain" },
    { kind: "conversation", method: "DELETE", resource: CONVERSATION_RESOURCE, handler: "langchain" },
    passthrough("openai_function"),
    { kind: "info", method: "GET", resource: INFO_RESOURCE, handler: "info" },
    { kind: "openai", method: "POST", resource: OPENAI_CHAT_RESOURCE, handler: OPENAI_COMPAT },
    { kind: "openai", method: "GET", resource: OPENAI_MODELS_RESOURCE, handler: OPENAI_COMPAT },
    { kind: "info", method: "GET", resource: USAGE_RESOURCE, handler: "info" },
  ];
}

export type RouteMatch =
  | { kind: "found"; route: Route; pathParameters: Record<string, string> }
  | { kind: "wrong-method"; allowed: string[] }
  | { kind: "malformed-path" }
  | { kind: "not-found" };

interface CompiledResource {
  pattern: RegExp;
  names: string[];
  routes: Route[];
}

function compile(resource: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = resource
    .split("/")
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      if (!param?.[1]) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      names.push(param[1]);
      return "([^/]+)";
    })
    .join("/");
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/** A path segment as the route names it; undefined when its percent-encoding is malformed. */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The one place a request finds its route: by path and method the way API Gateway matches them
 * (unknown path 404, known path with another method 405), or by the resource API Gateway names in
 * the event it sends.
 */
export class RouteTable {
  readonly routes: readonly Route[];
  readonly #exact = new Map<string, Route[]>();
  readonly #templated: CompiledResource[] = [];
  readonly #byResource = new Map<string, Route>();

  constructor(routes: readonly Route[]) {
    this.routes = routes;
    for (const route of routes) {
      this.#byResource.set(`${route.method} ${route.resource}`, route);
      if (route.resource.includes("{")) {
        const compiled = compile(route.resource);
        const existing = this.#templated.find((r) => r.pattern.source === compiled.pattern.source);
        if (existing) existing.routes.push(route);
        else this.#templated.push({ ...compiled, routes: [route] });
      } else {
        const list = this.#exact.get(route.resource) ?? [];
        list.push(route);
        this.#exact.set(route.resource, list);
      }
    }
  }

  /** The route API Gateway invoked a function for, named by its resource and method. */
  byResource(method: string, resource: string): Route | undefined {
    return this.#byResource.get(`${method} ${resource}`);
  }

  match(method: string, path: string): RouteMatch {
    const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    let candidates = this.#exact.get(trimmed);
    let pathParameters: Record<string, string> = {};
    if (!candidates) {
      for (const resource of this.#templated) {
        const found = resource.pattern.exec(trimmed);
        if (!found) continue;
        const values = found.slice(1).map(decodedSegment);
        if (values.some((value) => value === undefined)) return { kind: "malformed-path" };
        candidates = resource.routes;
        pathParameters = Object.fromEntries(resource.names.map((n, i) => [n, values[i] ?? ""]));
        break;
      }
    }
    if (!candidates) return { kind: "not-found" };
    const route = candidates.find((r) => r.method === method);
    if (!route) return { kind: "wrong-method", allowed: [...candidates.map((r) => r.method), "OPTIONS"] };
    return { kind: "found", route, pathParameters };
  }
}
