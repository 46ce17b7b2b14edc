import OpenAI from "openai";
import type { Settings } from "../settings/index.js";
import { keepAliveFetch } from "./fetch.js";

const clients = new WeakMap<Settings, OpenAI>();

/** The settings say "no key" only when the local runner did not start the offline model either. */
const NO_KEY_PLACEHOLDER = "missing-openai-api-key";

/** One SDK client per settings object, so per cold start, sharing one keep-alive pool. */
export function getOpenAIClient(settings: Settings): OpenAI {
  let client = clients.get(settings);
  if (!client) {
    client = new OpenAI({
      apiKey: settings.OPENAI_API_KEY?.reveal() ?? NO_KEY_PLACEHOLDER,
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
