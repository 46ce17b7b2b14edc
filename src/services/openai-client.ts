import OpenAI from "openai";
import { keepAliveFetch } from "../common/openai/fetch.js";
import type { Settings } from "../common/settings/index.js";

/**
 * The SDK refuses to start without a key. With none configured, the offline model (which ignores it)
 * answers locally; anything else answers 401, which the handlers report as 502.
 */
const NO_KEY_PLACEHOLDER = "missing-openai-api-key";

export function openAIKeyOf(settings: Settings): string {
  return settings.OPENAI_API_KEY?.reveal() ?? NO_KEY_PLACEHOLDER;
}

/** The SDK client of one cold start: every request shares its keep-alive connection pool. */
export function createOpenAIClient(settings: Settings): OpenAI {
  return new OpenAI({
    apiKey: openAIKeyOf(settings),
    baseURL: settings.OPENAI_BASE_URL ?? null,
    organization: settings.OPENAI_ORGANIZATION ?? null,
    timeout: settings.OPENAI_TIMEOUT_MS,
    // Retries are made within each request's deadline (common/openai/upstream-call.ts).
    maxRetries: 0,
    fetch: keepAliveFetch,
  });
}
