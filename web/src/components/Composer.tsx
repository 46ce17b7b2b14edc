import { type FormEvent, type KeyboardEvent, useId } from "react";

interface ComposerProps {
  appTitle: string;
  draft: string;
  onDraftChange: (text: string) => void;
  onSend: (text: string) => void;
  waiting: boolean;
}

export const COMPOSER_INPUT_ID = "composer-input";

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ appTitle, draft, onDraftChange, onSend, waiting }: ComposerProps) {
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
      <button type="submit" className="send" disabled={!canSend}>
        Send
      </button>
      <p id={hintId} className="composer-hint">
        {waiting ? "Waiting for the answer…" : "Enter to send · Shift+Enter for a new line"}
      </p>
    </form>
  );
}
