import { useCallback, useReducer, useRef, useState } from "react";
import { sendChat } from "../api/client.js";
import { deleteConversation, readConversation } from "../api/conversations.js";
import type { ApiTarget } from "../api/target.js";
import type { ChatFailure, StreamProgress } from "../api/types.js";
import type { ChatApp } from "../catalog/chat-app.js";
import { type Conversations, chatReducer, conversationOf } from "./conversation.js";
import { newConversationId } from "./conversation-id.js";
import { cutAfterSeq, storedExchanges, turnsFromStored } from "./stored-turns.js";

const NO_CONVERSATIONS: Conversations = {};
/** A streamed answer re-renders at most this often; its text is rendered as Markdown each time. */
const PROGRESS_INTERVAL_MS = 50;

let lastTurnNumber = 0;
function nextTurnId(): string {
  lastTurnNumber += 1;
  return `turn-${lastTurnNumber}`;
}

/** Calls `show` with the latest progress, at most once per interval (the last one always lands). */
function coalesced(show: (progress: StreamProgress) => void) {
  let latest: StreamProgress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (latest) show(latest);
    latest = undefined;
  };
  return {
    push: (progress: StreamProgress) => {
      latest = progress;
      timer ??= setTimeout(flush, PROGRESS_INTERVAL_MS);
    },
    cancel: () => clearTimeout(timer),
  };
}

export interface SendOptions {
  /** "Try again" on the message that just failed: it replaces the failed exchange. */
  retry?: boolean;
  /** The message replaces the turns from this index on (edit and resend, regenerate). */
  from?: number;
  /** The model a direct chat asks. */
  model?: string;
}

/**
 * Makes the server's copy of a conversation end where the page's now does, before an edited or
 * regenerated message goes: the later messages are forgotten. Nothing kept means the whole
 * conversation goes, and the message starts a new one (its first message is its title).
 */
async function cutStoredConversation(
  target: ApiTarget,
  conversationId: string,
  exchangesKept: number,
): Promise<ChatFailure | undefined> {
  if (exchangesKept === 0) {
    const deleted = await deleteConversation(target, conversationId);
    return deleted.ok || (deleted.failure.kind === "http" && deleted.failure.status === 404)
      ? undefined
      : deleted.failure;
  }
  const stored = await readConversation(target, conversationId);
  if (!stored.ok) return stored.failure;
  const after = cutAfterSeq(stored.value, exchangesKept);
  if (after === undefined) return undefined;
  const cut = await deleteConversation(target, conversationId, after);
  return cut.ok ? undefined : cut.failure;
}

/**
 * Conversations of every app: sending, stopping, opening a stored one, starting anew. `offline`
 * tells whether the last answer came from the offline model; `onStored` hears of each turn the
 * server kept (the history list reads itself again).
 */
export function useChat(target: ApiTarget, onStored: () => void) {
  const [conversations, dispatch] = useReducer(chatReducer, NO_CONVERSATIONS);
  const [offline, setOffline] = useState(false);
  const latest = useRef(conversations);
  latest.current = conversations;
  // Dispatches land on the next render; this stops a double click sending twice before then.
  const inFlight = useRef(new Map<string, AbortController>());
  const targetRef = useRef(target);
  targetRef.current = target;
  const onStoredRef = useRef(onStored);
  onStoredRef.current = onStored;

  const send = useCallback(async (app: ChatApp, text: string, options: SendOptions = {}) => {
    const { slug } = app;
    if (inFlight.current.has(slug)) return;
    const stop = new AbortController();
    inFlight.current.set(slug, stop);
    const conversation = conversationOf(latest.current, slug);
    const from = options.from;
    const exchangesKept = from === undefined ? undefined : storedExchanges(conversation.turns, from);
    const stored = conversation.id;
    // Nothing of the stored conversation kept (the first message edited): a new one begins.
    const conversationId = stored && exchangesKept !== 0 ? stored : newConversationId();
    const id = nextTurnId();
    dispatch({
      type: "sent",
      slug,
      id,
      text,
      ...(options.retry ? { retry: true } : {}),
      conversationId,
      ...(from === undefined ? {} : { from }),
    });
    const progress = coalesced((partial) => dispatch({ type: "progressed", slug, id, progress: partial }));
    const failed = (failure: ChatFailure) =>
      dispatch({ type: "failed", slug, id, errorId: nextTurnId(), failure });
    try {
      const { baseUrl, apiKey } = targetRef.current;
      if (stored && exchangesKept !== undefined) {
        const failure = await cutStoredConversation(targetRef.current, stored, exchangesKept);
        if (failure) return failed(failure);
      }
      const outcome = await sendChat({
        baseUrl,
        apiKey,
        path: app.path,
        inputText: text,
        conversationId,
        ...(options.model ? { model: options.model } : {}),
        stop: stop.signal,
        onProgress: progress.push,
      });
      progress.cancel();
      if (outcome.ok) {
        if (outcome.reply.model) setOffline(outcome.reply.offline);
        dispatch({ type: "answered", slug, id, replyId: nextTurnId(), reply: outcome.reply });
        onStoredRef.current();
      } else {
        failed(outcome.failure);
      }
    } finally {
      inFlight.current.delete(slug);
    }
  }, []);

  /** Stops the answer an app is waiting for; what already came stays. */
  const stop = useCallback((slug: string) => inFlight.current.get(slug)?.abort(), []);

  const clear = useCallback((slug: string) => dispatch({ type: "cleared", slug }), []);

  /** Shows a stored conversation of an app, read from the server. */
  const open = useCallback(async (slug: string, conversationId: string) => {
    if (inFlight.current.has(slug)) return;
    dispatch({ type: "loading", slug, conversationId });
    const read = await readConversation(targetRef.current, conversationId);
    if (read.ok)
      dispatch({ type: "loaded", slug, conversationId, turns: turnsFromStored(read.value, nextTurnId) });
    else dispatch({ type: "loadFailed", slug, conversationId, failure: read.failure });
  }, []);

  return { conversations, offline, send, stop, clear, open };
}
