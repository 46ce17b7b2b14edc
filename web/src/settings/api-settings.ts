import { z } from "zod/mini";

/** Where the page sends chats. The key lives only in this browser's storage, never in the bundle. */
export interface ApiSettings {
  /** Empty means the page's own origin (the local server, or wherever the page is served from). */
  baseUrl: string;
  apiKey: string;
}

export const NO_API_SETTINGS: ApiSettings = { baseUrl: "", apiKey: "" };

export const STORAGE_KEY = "aws-openai.api-settings";

const StoredSchema = z.object({
  baseUrl: z.catch(z.string(), ""),
  apiKey: z.catch(z.string(), ""),
});

export function loadApiSettings(storage: Pick<Storage, "getItem">): ApiSettings {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    const parsed = StoredSchema.safeParse(raw ? JSON.parse(raw) : {});
    return parsed.success ? parsed.data : NO_API_SETTINGS;
  } catch {
    return NO_API_SETTINGS;
  }
}

/** Answers false when the browser refuses storage (private mode, quota); the settings then last for the page. */
export function saveApiSettings(storage: Pick<Storage, "setItem">, settings: ApiSettings): boolean {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(settings));
    return true;
  } catch {
    return false;
  }
}

/** The base URL requests go to: the setting, or the page's origin when it is empty. */
export function effectiveBaseUrl(settings: ApiSettings, pageOrigin: string): string {
  return settings.baseUrl || pageOrigin;
}

/** Checks a base URL typed in Settings; answers the problem in words, or undefined when it is usable. */
export function baseUrlProblem(input: string): string | undefined {
  const value = input.trim();
  if (value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "API base URL must be a full address, like https://abc.execute-api.us-east-1.amazonaws.com/v1";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return "API base URL must start with http:// or https://";
  }
  if (url.search || url.hash) return "API base URL must not have a ?query or #fragment";
  return undefined;
}
