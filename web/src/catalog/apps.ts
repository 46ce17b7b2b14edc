import catalogApps from "virtual:app-catalog";
import type { WebApp } from "./web-app.js";

export const APPS: readonly WebApp[] = catalogApps;

const BY_SLUG = new Map(APPS.map((app) => [app.slug, app]));

export function findWebApp(slug: string | undefined): WebApp | undefined {
  return slug === undefined ? undefined : BY_SLUG.get(slug);
}
