import { readCompletion, readErrorBody } from "./response.js";
import { parseRetryAfter } from "./retry-after.js";
import type { ChatOutcome, HistoryEntry } from "./types.js";

export interface ChatRequest {
  baseUrl: string;
  apiKey: string;
  slug: string;
  inputText: string;
  chatHistory: HistoryEntry[];
  /** API Gateway gives up at 29 s; waiting a little longer lets its own 504 arrive first. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 35_000;

export function appUrl(baseUrl: string, slug: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/examples/${encodeURIComponent(slug)}`;
}

/** Sends one chat turn to `POST <base>/examples/<slug>`; never throws, every failure is an outcome. */
export async function sendChat(request: ChatRequest): Promise<ChatOutcome> {
  const url = appUrl(request.baseUrl, request.slug);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (request.apiKey) headers["x-api-key"] = request.apiKey;

  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ input_text: request.inputText, chat_history: request.chatHistory }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "TimeoutError") {
      return { ok: false, failure: { kind: "timeout", seconds: Math.max(1, Math.round(timeoutMs / 1000)) } };
    }
    return { ok: false, failure: { kind: "network", url } };
  }

  const body = await readJson(response);
  if (!response.ok) {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    return { ok: false, failure: readErrorBody(response.status, body, retryAfter) };
  }
  const read = readCompletion(body);
  return "reply" in read ? { ok: true, reply: read.reply } : { ok: false, failure: read.failure };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
