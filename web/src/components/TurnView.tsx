import { type FormEvent, type KeyboardEvent, useId, useState } from "react";
import type { ChatReply, TokenUsage } from "../api/types.js";
import type { Turn } from "../chat/conversation.js";
import { canRetrySoon, describeFailure } from "../chat/describe-failure.js";
import { CopyButton } from "./CopyButton.js";
import { Markdown } from "./Markdown.js";
import { ToolUse } from "./ToolUse.js";

interface TurnViewProps {
  turn: Turn;
  onRetry: (text: string) => void;
  canRetry: boolean;
  /** Offered on the last answer while nothing is awaited. */
  onRegenerate?: (() => void) | undefined;
  /** Offered on a sent message while nothing is awaited: the edited text replaces it and what followed. */
  onEdit?: ((text: string) => void) | undefined;
}

export function TurnView({ turn, onRetry, canRetry, onRegenerate, onEdit }: TurnViewProps) {
  switch (turn.role) {
    case "user":
      return <UserTurn text={turn.text} status={turn.status} onEdit={onEdit} />;
    case "assistant":
      return (
        <article className="turn assistant" aria-label="Assistant">
          <Markdown text={turn.reply.text || "_(The model sent an empty answer.)_"} />
          {turn.reply.toolUse && <ToolUse toolUse={turn.reply.toolUse} />}
          {turn.reply.endedEarly && <EndedEarly reason={turn.reply.endedEarly} />}
          <div className="turn-foot">
            <div className="turn-actions">
              {turn.reply.text && <CopyButton text={turn.reply.text} />}
              {onRegenerate && (
                <button type="button" className="turn-action" onClick={onRegenerate}>
                  Regenerate
                </button>
              )}
            </div>
            <AnswerFacts reply={turn.reply} />
          </div>
        </article>
      );
    case "error": {
      const { title, detail } = describeFailure(turn.failure);
      const requestId = turn.failure.kind === "http" ? turn.failure.requestId : undefined;
      return (
        <div className="turn error" role="alert">
          <p className="error-title">{title}</p>
          <p className="error-detail">{detail}</p>
          {requestId && <p className="turn-note">Request id: {requestId}</p>}
          {turn.failedText && canRetry && canRetrySoon(turn.failure) && (
            <button type="button" className="secondary" onClick={() => onRetry(turn.failedText)}>
              Try again
            </button>
          )}
        </div>
      );
    }
  }
}

function UserTurn({
  text,
  status,
  onEdit,
}: {
  text: string;
  status: "pending" | "answered" | "failed";
  onEdit: ((text: string) => void) | undefined;
}) {
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const editId = useId();
  if (editing !== undefined && onEdit) {
    const save = () => {
      const edited = editing.trim();
      setEditing(undefined);
      if (edited) onEdit(edited);
    };
    const onSubmit = (event: FormEvent) => {
      event.preventDefault();
      save();
    };
    const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
      if (event.key === "Escape") setEditing(undefined);
      else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
        event.preventDefault();
        save();
      }
    };
    return (
      <form className="turn user editing" aria-label="Edit your message" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor={editId}>
          Edited message
        </label>
        <textarea
          id={editId}
          value={editing}
          // biome-ignore lint/a11y/noAutofocus: the user asked to edit this message; the box is where they type
          autoFocus
          onChange={(event) => setEditing(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="edit-actions">
          <button type="button" className="secondary" onClick={() => setEditing(undefined)}>
            Cancel
          </button>
          <button type="submit" disabled={editing.trim() === ""}>
            Send
          </button>
        </div>
        <p className="edit-hint">The answers after this message are replaced.</p>
      </form>
    );
  }
  return (
    <article className={`turn user ${status}`} aria-label="You">
      <p className="user-text">{text}</p>
      {status === "failed" && <p className="turn-note">Not answered</p>}
      {onEdit && (
        <button type="button" className="turn-action edit" onClick={() => setEditing(text)}>
          Edit
        </button>
      )}
    </article>
  );
}

/** The model that answered and what the answer cost, when the server said. */
function AnswerFacts({ reply }: { reply: ChatReply }) {
  if (!reply.model && !reply.usage) return null;
  return (
    <p className="turn-note answer-facts">
      {reply.model}
      {reply.model && reply.usage && " · "}
      {reply.usage && <UsageText usage={reply.usage} />}
    </p>
  );
}

function UsageText({ usage }: { usage: TokenUsage }) {
  return (
    <span className="usage" title="Tokens: prompt + completion = total">
      {usage.promptTokens} + {usage.completionTokens} = {usage.totalTokens} tokens
    </span>
  );
}

/** Why an answer is shorter than the model meant it: the user stopped it, or it broke off. */
function EndedEarly({ reason }: { reason: NonNullable<ChatReply["endedEarly"]> }) {
  if (reason.kind === "stopped") return <p className="turn-note ended-early">Stopped</p>;
  return (
    <p className="turn-note ended-early interrupted">
      The answer broke off: {reason.message}
      {reason.requestId && ` (request id ${reason.requestId})`}
    </p>
  );
}
