import { type FormEvent, type KeyboardEvent, type ReactNode, useId } from "react";

interface ComposerProps {
  appTitle: string;
  draft: string;
  onDraftChange: (text: string) => void;
  onSend: (text: string) => void;
  waiting: boolean;
  /** Stops the answer being waited for; offered only while waiting. */
  onStop?: () => void;
  /** Choices shown beside the buttons (a direct chat's model picker). */
  children?: ReactNode;
}

export const COMPOSER_INPUT_ID = "composer-input";

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({
  appTitle,
  draft,
  onDraftChange,
  onSend,
  waiting,
  onStop,
  children,
}: ComposerProps) {
  const hintId = useId();
  const canSend = draft.trim() !== "" && !waiting;

  function send() {
    if (canSend) onSend(draft.trim());
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // While an input method is composing, Enter confirms the composition, not the message.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    send();
  }

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor={COMPOSER_INPUT_ID} className="visually-hidden">
        Message to {appTitle}
      </label>
      <textarea
        id={COMPOSER_INPUT_ID}
        value={draft}
        rows={1}
        placeholder={`Message ${appTitle}…`}
        aria-describedby={hintId}
        onChange={(event) => onDraftChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-actions">
        {waiting && onStop && (
          <button type="button" className="secondary stop" onClick={onStop}>
            Stop
          </button>
        )}
        <button type="submit" className="send" disabled={!canSend}>
          Send
        </button>
      </div>
      <div className="composer-foot">
        <p id={hintId} className="composer-hint">
          {waiting ? "Waiting for the answer…" : "Enter to send · Shift+Enter for a new line"}
        </p>
        {children}
      </div>
    </form>
  );
}
