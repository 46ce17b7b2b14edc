import { useState } from "react";
import type { ConversationSummary } from "../api/conversations.js";
import type { ChatFailure } from "../api/types.js";
import { findChatApp } from "../catalog/apps.js";
import { describeFailure } from "../chat/describe-failure.js";
import type { History } from "../chat/use-history.js";
import { hashOf } from "../routing/hash-route.js";

interface HistoryListProps {
  history: History;
  openId: string | undefined;
  onLoadMore: () => void;
  onDelete: (conversation: ConversationSummary) => Promise<ChatFailure | undefined>;
}

const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const DAY = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

/** When a conversation was last used, short enough to sit beside its app's title: the time today, else the day. */
function when(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString() ? TIME.format(date) : DAY.format(date);
}

/** The caller's stored conversations, newest first, each with its app; open or delete one. */
export function HistoryList({ history, openId, onLoadMore, onDelete }: HistoryListProps) {
  const [deleteFailure, setDeleteFailure] = useState<string | undefined>(undefined);
  const { conversations, hasMore, loading, failure } = history;

  async function remove(conversation: ConversationSummary) {
    const failed = await onDelete(conversation);
    setDeleteFailure(
      failed ? `Could not delete “${conversation.title}”: ${describeFailure(failed).title}` : undefined,
    );
  }

  return (
    <div className="history">
      {failure && (
        <p className="history-note problem" role="alert">
          History unavailable: {describeFailure(failure).title}. {describeFailure(failure).detail}
        </p>
      )}
      {deleteFailure && (
        <p className="history-note problem" role="alert">
          {deleteFailure}
        </p>
      )}
      {!failure && !loading && conversations.length === 0 && (
        <p className="history-note">
          No conversations yet. Every chat is kept on the server and shows up here, in any browser using the
          same API key.
        </p>
      )}
      <ul aria-label="Conversations" aria-busy={loading}>
        {conversations.map((conversation) => {
          const app = findChatApp(conversation.app);
          return (
            <li key={conversation.id} className="history-item">
              <a
                href={hashOf({ slug: conversation.app, conversationId: conversation.id })}
                aria-current={conversation.id === openId ? "page" : undefined}
                data-conversation-id={conversation.id}
              >
                <span className="history-title">{conversation.title}</span>
                <span className="history-meta">
                  <time dateTime={conversation.updatedAt}>{when(conversation.updatedAt)}</time> ·{" "}
                  {app?.title ?? conversation.app}
                </span>
              </a>
              <button
                type="button"
                className="delete-conversation"
                aria-label={`Delete “${conversation.title}”`}
                title="Delete"
                onClick={() => void remove(conversation)}
              >
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      {hasMore && (
        <button type="button" className="secondary more" onClick={onLoadMore} disabled={loading}>
          Show older
        </button>
      )}
    </div>
  );
}
