import type { ChatReply } from "../api/types.js";
import type { Turn } from "../chat/conversation.js";
import { canRetrySoon, describeFailure } from "../chat/describe-failure.js";
import { Markdown } from "./Markdown.js";
import { ToolUse } from "./ToolUse.js";

interface TurnViewProps {
  turn: Turn;
  onRetry: (text: string) => void;
  canRetry: boolean;
}

export function TurnView({ turn, onRetry, canRetry }: TurnViewProps) {
  switch (turn.role) {
    case "user":
      return (
        <article className={`turn user ${turn.status}`} aria-label="You">
          <p className="user-text">{turn.text}</p>
          {turn.status === "failed" && <p className="turn-note">Not answered</p>}
        </article>
      );
    case "assistant":
      return (
        <article className="turn assistant" aria-label="Assistant">
          <Markdown text={turn.reply.text || "_(The model sent an empty answer.)_"} />
          {turn.reply.toolUse && <ToolUse toolUse={turn.reply.toolUse} />}
          {turn.reply.endedEarly && <EndedEarly reason={turn.reply.endedEarly} />}
          {turn.reply.model && <p className="turn-note">{turn.reply.model}</p>}
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
