import catalogData from "../../../catalog/apps.json" with { type: "json" };
import { type App, type Catalog, CatalogSchema } from "./schema.js";

export type { App, Catalog, ChatHandlerName } from "./schema.js";

let catalog: Catalog | undefined;
let bySlug: Map<string, App> | undefined;

/** The app catalog, validated on first use; a broken catalog is a build error, caught by the tests. */
export function getCatalog(): Catalog {
  if (!catalog) {
    const result = CatalogSchema.safeParse(catalogData);
    if (!result.success) {
      const detail = result.error.issues.map((i) => `apps.${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`catalog/apps.json is invalid: ${detail}`);
    }
    catalog = result.data;
  }
  return catalog;
}

export function findApp(slug: string): App | undefined {
  bySlug ??= new Map(getCatalog().apps.map((app) => [app.slug, app]));
  return bySlug.get(slug);
}
