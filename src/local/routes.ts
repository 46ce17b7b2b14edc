import type { ChatHandlerName } from "../common/catalog/index.js";
import { getCatalog } from "../common/catalog/index.js";

export type HandlerName = ChatHandlerName | "info";

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** The API Gateway resource, e.g. `/examples/default-grammar` or `/conversations/{id}`. */
  resource: string;
  handler: HandlerName;
}

/** The API's routes: one per catalog app plus the fixed ones; the Terraform stack declares the same. */
export function apiRoutes(): Route[] {
  const appRoutes = getCatalog().apps.map(
    (app): Route => ({ method: "POST", resource: `/examples/${app.slug}`, handler: app.handler }),
  );
  return [
    ...appRoutes,
    { method: "POST", resource: "/passthrough", handler: "openai_v2" },
    { method: "POST", resource: "/langchain", handler: "langchain" },
    { method: "GET", resource: "/conversations/{id}", handler: "langchain" },
    { method: "DELETE", resource: "/conversations/{id}", handler: "langchain" },
    { method: "POST", resource: "/openai_function_passthrough", handler: "openai_function" },
    { method: "GET", resource: "/info", handler: "info" },
  ];
}

export type RouteMatch =
  | { kind: "found"; route: Route; pathParameters: Record<string, string> | null }
  | { kind: "wrong-method"; allowed: string[] }
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

/** Matches a method and path the way API Gateway does: unknown path 404, known path with another method 405. */
export class RouteTable {
  readonly #exact = new Map<string, Route[]>();
  readonly #templated: CompiledResource[] = [];

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      if (route.resource.includes("{")) {
        const existing = this.#templated.find(
          (r) => r.pattern.source === compile(route.resource).pattern.source,
        );
        if (existing) existing.routes.push(route);
        else this.#templated.push({ ...compile(route.resource), routes: [route] });
      } else {
        const list = this.#exact.get(route.resource) ?? [];
        list.push(route);
        this.#exact.set(route.resource, list);
      }
    }
  }

  match(method: string, path: string): RouteMatch {
    const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    let candidates = this.#exact.get(trimmed);
    let pathParameters: Record<string, string> | null = null;
    if (!candidates) {
      for (const resource of this.#templated) {
        const found = resource.pattern.exec(trimmed);
        if (!found) continue;
        candidates = resource.routes;
        pathParameters = Object.fromEntries(
          resource.names.map((n, i) => [n, decodeURIComponent(found[i + 1] ?? "")]),
        );
        break;
      }
    }
    if (!candidates) return { kind: "not-found" };
    const route = candidates.find((r) => r.method === method);
    if (!route) return { kind: "wrong-method", allowed: [...candidates.map((r) => r.method), "OPTIONS"] };
    return { kind: "found", route, pathParameters };
  }
}
