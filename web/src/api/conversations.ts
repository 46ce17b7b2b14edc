import { z } from "zod/mini";
import { readErrorBody } from "./response.js";
import { parseRetryAfter } from "./retry-after.js";
import { type ApiTarget, apiHeaders, apiUrl } from "./target.js";
import type { ChatFailure } from "./types.js";

/** One of the caller's conversations, as the server lists them. */
export interface ConversationSummary {
  id: string;
  /** The app slug, or the passthrough route's name (`passthrough`, `langchain`, ...). */
  app: string;
  title: string;
  updatedAt: string;
  turns: number;
}

/** A stored message; tool calls and tool results are kept too, and have no text to show. */
export interface StoredMessage {
  seq: number;
  role: string;
  content: string | null;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ChatFailure };

const ListSchema = z.object({
  conversations: z.array(
    z.object({
      id: z.string(),
      app: z.string(),
      title: z.string(),
      updated_at: z.string(),
      turns: z.number(),
    }),
  ),
  next_cursor: z.nullable(z.string()),
});

const PageSchema = z.object({
  turns: z.array(
    z.object({
      seq: z.number(),
      role: z.string(),
      content: z.optional(z.nullable(z.unknown())),
    }),
  ),
  next_after: z.optional(z.number()),
});

/** A page of conversations each read holds at most (the server's limit). */
const LIST_PAGE = 20;
/** Messages per read of one conversation; longer ones are read on with `after`. */
const MESSAGES_PAGE = 200;

async function call(target: ApiTarget, method: "GET" | "DELETE", path: string): Promise<ApiResult<unknown>> {
  const url = apiUrl(target.baseUrl, path);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: apiHeaders(target.apiKey, { accept: "application/json" }),
    });
  } catch {
    return { ok: false, failure: { kind: "network", url } };
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
  if (!response.ok) {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    return { ok: false, failure: readErrorBody(response.status, body, retryAfter) };
  }
  return { ok: true, value: body };
}

function unreadable(error: z.core.$ZodError): ApiResult<never> {
  return { ok: false, failure: { kind: "bad-response", detail: z.prettifyError(error) } };
}

/** The caller's conversations, most recently used first, a page at a time. */
export async function listConversations(
  target: ApiTarget,
  cursor?: string,
): Promise<ApiResult<{ conversations: ConversationSummary[]; nextCursor?: string }>> {
  const query = new URLSearchParams({ limit: String(LIST_PAGE) });
  if (cursor) query.set("cursor", cursor);
  const result = await call(target, "GET", `/conversations?${query}`);
  if (!result.ok) return result;
  const parsed = ListSchema.safeParse(result.value);
  if (!parsed.success) return unreadable(parsed.error);
  const conversations = parsed.data.conversations.map((item) => ({
    id: item.id,
    app: item.app,
    title: item.title,
    updatedAt: item.updated_at,
    turns: item.turns,
  }));
  const nextCursor = parsed.data.next_cursor;
  return { ok: true, value: nextCursor ? { conversations, nextCursor } : { conversations } };
}

/** Every stored message of a conversation, oldest first. */
export async function readConversation(target: ApiTarget, id: string): Promise<ApiResult<StoredMessage[]>> {
  const messages: StoredMessage[] = [];
  let after = 0;
  for (;;) {
    const query = new URLSearchParams({ after: String(after), limit: String(MESSAGES_PAGE) });
    const result = await call(target, "GET", `/conversations/${encodeURIComponent(id)}?${query}`);
    if (!result.ok) return result;
    const parsed = PageSchema.safeParse(result.value);
    if (!parsed.success) return unreadable(parsed.error);
    for (const { seq, role, content } of parsed.data.turns)
      messages.push({ seq, role, content: typeof content === "string" ? content : null });
    if (parsed.data.next_after === undefined) return { ok: true, value: messages };
    after = parsed.data.next_after;
  }
}

/** Forgets a conversation, or with `after` only its messages after that seq (an edit replaces them). */
export async function deleteConversation(
  target: ApiTarget,
  id: string,
  after?: number,
): Promise<ApiResult<null>> {
  const query = after === undefined ? "" : `?after=${after}`;
  const result = await call(target, "DELETE", `/conversations/${encodeURIComponent(id)}${query}`);
  return result.ok ? { ok: true, value: null } : result;
}
