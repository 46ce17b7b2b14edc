import type { App } from "../../../src/common/catalog/schema.js";

/** The catalog fields the browser needs; system prompts and model settings stay on the server. */
export const WEB_APP_FIELDS = ["slug", "title", "description", "handler", "welcome", "examples"] as const;

export type WebApp = Pick<App, (typeof WEB_APP_FIELDS)[number]>;

export function toWebApp(app: App): WebApp {
  return {
    slug: app.slug,
    title: app.title,
    description: app.description,
    handler: app.handler,
    welcome: app.welcome,
    examples: app.examples,
  };
}
