import { useCallback, useReducer, useRef, useState } from "react";
import { sendChat } from "../api/client.js";
import type { StreamProgress } from "../api/types.js";
import { buildChatHistory, type Conversations, chatReducer, conversationOf } from "./conversation.js";

interface ChatTarget {
  /** The API's base URL: every app's chats, streamed or whole, go there. */
  baseUrl: string;
  apiKey: string;
}

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

/**
 * Conversations of every app plus sending and stopping; `offline` tells whether the last answer came
 * from the offline model.
 */
export function useChat(target: ChatTarget) {
  const [conversations, dispatch] = useReducer(chatReducer, NO_CONVERSATIONS);
  const [offline, setOffline] = useState(false);
  const latest = useRef(conversations);
  latest.current = conversations;
  // Dispatches land on the next render; this stops a double click sending twice before then.
  const inFlight = useRef(new Map<string, AbortController>());
  const targetRef = useRef(target);
  targetRef.current = target;

  const send = useCallback(async (slug: string, text: string, retry = false) => {
    if (inFlight.current.has(slug)) return;
    const stop = new AbortController();
    inFlight.current.set(slug, stop);
    const chatHistory = buildChatHistory(conversationOf(latest.current, slug));
    const id = nextTurnId();
    dispatch({ type: "sent", slug, id, text, retry });
    const progress = coalesced((partial) => dispatch({ type: "progressed", slug, id, progress: partial }));
    try {
      const { baseUrl, apiKey } = targetRef.current;
      const outcome = await sendChat({
        baseUrl,
        apiKey,
        slug,
        inputText: text,
        chatHistory,
        stop: stop.signal,
        onProgress: progress.push,
      });
      progress.cancel();
      if (outcome.ok) {
        if (outcome.reply.model) setOffline(outcome.reply.offline);
        dispatch({ type: "answered", slug, id, replyId: nextTurnId(), reply: outcome.reply });
      } else {
        dispatch({ type: "failed", slug, id, errorId: nextTurnId(), failure: outcome.failure });
      }
    } finally {
      inFlight.current.delete(slug);
    }
  }, []);

  /** Stops the answer an app is waiting for; what already came stays. */
  const stop = useCallback((slug: string) => inFlight.current.get(slug)?.abort(), []);

  const clear = useCallback((slug: string) => dispatch({ type: "cleared", slug }), []);

  return { conversations, offline, send, stop, clear };
}
