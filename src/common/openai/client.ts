import OpenAI from "openai";
import type { Settings } from "../settings/index.js";
import { keepAliveFetch } from "./fetch.js";

const clients = new WeakMap<Settings, OpenAI>();

/**
 * The SDK refuses to start without a key. With none configured, the offline model (which ignores it)
 * answers locally; anything else answers 401, which the handlers report as 502.
 */
const NO_KEY_PLACEHOLDER = "missing-openai-api-key";

export function openAIKeyOf(settings: Settings): string {
  return settings.OPENAI_API_KEY?.reveal() ?? NO_KEY_PLACEHOLDER;
}

/** One SDK client per settings object, so per cold start, sharing one keep-alive pool. */
export function getOpenAIClient(settings: Settings): OpenAI {
  let client = clients.get(settings);
  if (!client) {
    client = new OpenAI({
      apiKey: openAIKeyOf(settings),
      baseURL: settings.OPENAI_BASE_URL ?? null,
      organization: settings.OPENAI_ORGANIZATION ?? null,
      timeout: settings.OPENAI_TIMEOUT_MS,
      maxRetries: settings.OPENAI_MAX_RETRIES,
      fetch: keepAliveFetch,
    });
    clients.set(settings, client);
  }
  return client;
}
