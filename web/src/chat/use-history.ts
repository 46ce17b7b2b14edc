import { useCallback, useEffect, useRef, useState } from "react";
import { type ConversationSummary, deleteConversation, listConversations } from "../api/conversations.js";
import type { ApiTarget } from "../api/target.js";
import type { ChatFailure } from "../api/types.js";

export interface History {
  conversations: ConversationSummary[];
  /** More, older conversations can be read. */
  hasMore: boolean;
  loading: boolean;
  failure?: ChatFailure;
}

const EMPTY: History = { conversations: [], hasMore: false, loading: true };

/**
 * The caller's conversations from the server, newest first (so a reload or another browser shows them
 * too). Read only while the list is `shown`: when it is opened, and after each stored turn while it
 * is open. Every read is a request a usage plan counts, and a chat should not spend a tight quota on
 * a list nobody is looking at.
 */
export function useHistory(target: ApiTarget, shown: boolean) {
  const [history, setHistory] = useState<History>(EMPTY);
  const cursor = useRef<string | undefined>(undefined);
  // Only the newest read may land: an older one finishing late would show a stale list.
  const generation = useRef(0);
  const { baseUrl, apiKey } = target;

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    setHistory((current) => ({ ...current, loading: true }));
    const listed = await listConversations({ baseUrl, apiKey });
    if (mine !== generation.current) return;
    if (!listed.ok) {
      setHistory({ conversations: [], hasMore: false, loading: false, failure: listed.failure });
      return;
    }
    cursor.current = listed.value.nextCursor;
    setHistory({
      conversations: listed.value.conversations,
      hasMore: listed.value.nextCursor !== undefined,
      loading: false,
    });
  }, [baseUrl, apiKey]);

  const loadMore = useCallback(async () => {
    if (!cursor.current) return;
    const mine = ++generation.current;
    setHistory((current) => ({ ...current, loading: true }));
    const listed = await listConversations({ baseUrl, apiKey }, cursor.current);
    if (mine !== generation.current) return;
    if (!listed.ok) {
      setHistory((current) => ({ ...current, loading: false, failure: listed.failure }));
      return;
    }
    cursor.current = listed.value.nextCursor;
    setHistory((current) => ({
      conversations: [
        ...current.conversations,
        ...listed.value.conversations.filter((c) => !current.conversations.some((had) => had.id === c.id)),
      ],
      hasMore: listed.value.nextCursor !== undefined,
      loading: false,
    }));
  }, [baseUrl, apiKey]);

  /** Deletes a conversation on the server; answers the failure, if it failed. */
  const remove = useCallback(
    async (id: string): Promise<ChatFailure | undefined> => {
      const deleted = await deleteConversation({ baseUrl, apiKey }, id);
      if (!deleted.ok && !(deleted.failure.kind === "http" && deleted.failure.status === 404))
        return deleted.failure;
      setHistory((current) => ({
        ...current,
        conversations: current.conversations.filter((c) => c.id !== id),
      }));
      return undefined;
    },
    [baseUrl, apiKey],
  );

  useEffect(() => {
    if (shown) void refresh();
  }, [refresh, shown]);

  const shownRef = useRef(shown);
  shownRef.current = shown;
  /** Reads the list again if it is shown; a hidden list is read when it is opened. */
  const refreshIfShown = useCallback(() => {
    if (shownRef.current) void refresh();
  }, [refresh]);

  return { history, refreshIfShown, loadMore, remove };
}
