import { readCompletion, readErrorBody } from "./response.js";
import { parseRetryAfter } from "./retry-after.js";
import { readStreamedReply } from "./stream-reply.js";
import { apiHeaders, apiUrl } from "./target.js";
import type { ChatOutcome, ChatReply, StreamProgress } from "./types.js";

export interface ChatRequest {
  baseUrl: string;
  apiKey: string;
  /** The chat route: `/examples/<slug>`, or a passthrough route such as `/passthrough`. */
  path: string;
  inputText: string;
  /** The server-side conversation this turn belongs to; the server keeps its earlier turns. */
  conversationId: string;
  /** The model to ask; only passthrough routes take one. */
  model?: string;
  /**
   * How long to wait for the answer to start, and then for each next piece of a streamed answer.
   * API Gateway gives up at 29 s; waiting a little longer lets its own 504 arrive first.
   */
  timeoutMs?: number;
  /** Aborting it stops the answer; a streamed answer keeps the text that came. */
  stop?: AbortSignal;
  /** Hears the text of a streamed answer as it grows. */
  onProgress?: (progress: StreamProgress) => void;
}

const DEFAULT_TIMEOUT_MS = 35_000;

export function appPath(slug: string): string {
  return `/examples/${encodeURIComponent(slug)}`;
}

function chatBody(request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    input_text: request.inputText,
    conversation_id: request.conversationId,
  };
  if (request.model) body["model"] = request.model;
  return body;
}

/** A timeout that can be pushed back: it fires when nothing has arrived for `ms`. */
function idleTimeout(ms: number) {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), ms);
  return {
    signal: controller.signal,
    pushBack: () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), ms);
    },
    clear: () => clearTimeout(timer),
  };
}

/**
 * Sends one chat turn to `POST <base><path>`, asking for a streamed answer (`Accept:
 * text/event-stream`); a server that answers whole (API Gateway) is read the same. Never throws:
 * every failure is an outcome.
 */
export async function sendChat(request: ChatRequest): Promise<ChatOutcome> {
  const url = apiUrl(request.baseUrl, request.path);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  const headers = apiHeaders(request.apiKey, {
    "content-type": "application/json",
    accept: "text/event-stream, application/json",
  });
  const timeout = idleTimeout(timeoutMs);
  const stop = request.stop ?? new AbortController().signal;
  const stoppedReply = (): ChatReply => ({
    text: "",
    model: "",
    offline: false,
    endedEarly: { kind: "stopped" },
  });

  try {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify(chatBody(request)),
        signal: AbortSignal.any([timeout.signal, stop]),
      });
    } catch {
      if (stop.aborted) return { ok: true, reply: stoppedReply() };
      if (timeout.signal.aborted) return { ok: false, failure: { kind: "timeout", seconds } };
      return { ok: false, failure: { kind: "network", url } };
    }

    if (
      response.ok &&
      response.body &&
      response.headers.get("content-type")?.startsWith("text/event-stream")
    ) {
      const { reply } = await readStreamedReply(
        response.body,
        request.onProgress ?? (() => {}),
        timeout.pushBack,
        () => {
          if (stop.aborted) return { kind: "stopped" };
          if (timeout.signal.aborted)
            return { kind: "interrupted", message: `Nothing more came in ${seconds} s.` };
          return undefined;
        },
      );
      return { ok: true, reply };
    }

    const body = await readJson(response);
    if (stop.aborted) return { ok: true, reply: stoppedReply() };
    if (timeout.signal.aborted) return { ok: false, failure: { kind: "timeout", seconds } };
    if (!response.ok) {
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      return { ok: false, failure: readErrorBody(response.status, body, retryAfter) };
    }
    const read = readCompletion(body);
    return "reply" in read ? { ok: true, reply: read.reply } : { ok: false, failure: read.failure };
  } finally {
    timeout.clear();
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
