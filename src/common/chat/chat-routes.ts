import type { ChatHandlerName } from "../catalog/index.js";

/** The route where each chat handler takes a full chat-completion body; app routes come from the catalog. */
export const PASSTHROUGH_RESOURCES: Readonly<Record<ChatHandlerName, string>> = {
  openai_v2: "/passthrough",
  langchain: "/langchain",
  openai_function: "/openai_function_passthrough",
};

export function appResource(slug: string): string {
  return `/examples/${slug}`;
}
