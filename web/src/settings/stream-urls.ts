import type { ChatHandlerName } from "../../../src/common/catalog/schema.js";
import { baseUrlProblem } from "./api-settings.js";

const CHAT_HANDLERS: readonly ChatHandlerName[] = ["openai_v2", "langchain", "openai_function"];

/** Streaming URLs as the Settings box shows them: Terraform's own `output -json stream_urls` form. */
export function formatStreamUrls(urls: Readonly<Record<string, string>>): string {
  return Object.keys(urls).length === 0 ? "" : JSON.stringify(urls, null, 2);
}

/**
 * Reads what was pasted into Settings: empty for none, else a JSON object of chat handler -> function
 * URL, as `terraform -chdir=terraform output -json stream_urls` prints it.
 */
export function parseStreamUrls(text: string): { urls: Record<string, string> } | { problem: string } {
  if (text.trim() === "") return { urls: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: "Streaming URLs must be JSON: paste `terraform output -json stream_urls`." };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { problem: 'Streaming URLs must be a JSON object, like {"openai_v2": "https://…"}.' };
  const urls: Record<string, string> = {};
  for (const [handler, url] of Object.entries(parsed)) {
    if (!CHAT_HANDLERS.includes(handler as ChatHandlerName))
      return { problem: `Streaming URLs: '${handler}' is not a chat handler (${CHAT_HANDLERS.join(", ")}).` };
    const problem = typeof url === "string" && url.trim() !== "" ? baseUrlProblem(url) : "it must be a URL";
    if (problem) return { problem: `Streaming URL of ${handler}: ${problem}` };
    urls[handler] = (url as string).trim();
  }
  return { urls };
}
