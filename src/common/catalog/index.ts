import catalogData from "../../../catalog/apps.json" with { type: "json" };
import type { App, Catalog } from "./schema.js";

export type { App, Catalog, ChatHandlerName } from "./schema.js";

/**
 * The app catalog. It is checked against its schema when it is packaged and by the tests
 * (`catalogProblems`), not at every cold start: the data ships with the code that reads it.
 */
const catalog = catalogData as Catalog;
let bySlug: Map<string, App> | undefined;

export function getCatalog(): Catalog {
  return catalog;
}

export function findApp(slug: string): App | undefined {
  bySlug ??= new Map(catalog.apps.map((app) => [app.slug, app]));
  return bySlug.get(slug);
}
