/** Where the page's API requests go, and the key they carry. */
export interface ApiTarget {
  /** The API's base URL, without a trailing slash needed. */
  baseUrl: string;
  apiKey: string;
}

/** The URL of `path` (which starts with "/") under the API's base URL. */
export function apiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

/** The request headers every API call carries: the key only when there is one. */
export function apiHeaders(apiKey: string, extra: Record<string, string> = {}): Record<string, string> {
  return apiKey ? { ...extra, "x-api-key": apiKey } : extra;
}
