import { useCallback, useReducer, useRef, useState } from "react";
import { sendChat } from "../api/client.js";
import { buildChatHistory, type Conversations, chatReducer, conversationOf } from "./conversation.js";

interface ChatTarget {
  baseUrl: string;
  apiKey: string;
}

const NO_CONVERSATIONS: Conversations = {};

let lastTurnNumber = 0;
function nextTurnId(): string {
  lastTurnNumber += 1;
  return `turn-${lastTurnNumber}`;
}

/** Conversations of every app plus sending; `offline` tells whether the last answer came from the offline model. */
export function useChat(target: ChatTarget) {
  const [conversations, dispatch] = useReducer(chatReducer, NO_CONVERSATIONS);
  const [offline, setOffline] = useState(false);
  const latest = useRef(conversations);
  latest.current = conversations;
  // Dispatches land on the next render; this stops a double click sending twice before then.
  const inFlight = useRef(new Set<string>());
  const targetRef = useRef(target);
  targetRef.current = target;

  const send = useCallback(async (slug: string, text: string) => {
    if (inFlight.current.has(slug)) return;
    inFlight.current.add(slug);
    const chatHistory = buildChatHistory(conversationOf(latest.current, slug));
    const id = nextTurnId();
    dispatch({ type: "sent", slug, id, text });
    try {
      const { baseUrl, apiKey } = targetRef.current;
      const outcome = await sendChat({ baseUrl, apiKey, slug, inputText: text, chatHistory });
      if (outcome.ok) {
        setOffline(outcome.reply.offline);
        dispatch({ type: "answered", slug, id, replyId: nextTurnId(), reply: outcome.reply });
      } else {
        dispatch({ type: "failed", slug, id, errorId: nextTurnId(), failure: outcome.failure });
      }
    } finally {
      inFlight.current.delete(slug);
    }
  }, []);

  const clear = useCallback((slug: string) => dispatch({ type: "cleared", slug }), []);

  return { conversations, offline, send, clear };
}
