import { useRef } from "react";
import type { ChatFailure } from "../api/types.js";
import type { ChatApp } from "../catalog/chat-app.js";
import type { Conversation } from "../chat/conversation.js";
import { describeFailure } from "../chat/describe-failure.js";
import { Composer } from "./Composer.js";
import { Markdown } from "./Markdown.js";
import { ModelPicker } from "./ModelPicker.js";
import { StreamingTurn } from "./StreamingTurn.js";
import { TurnView } from "./TurnView.js";
import { useScrollLock } from "./use-scroll-lock.js";

interface ChatViewProps {
  app: ChatApp;
  conversation: Conversation;
  draft: string;
  onDraftChange: (text: string) => void;
  onSend: (text: string) => void;
  /** Sends the message that just failed again, in place of the failed exchange. */
  onRetry: (text: string) => void;
  /** Sends `text` in place of the turns from index `from` on: an edit, or a regenerated answer. */
  onReplace: (from: number, text: string) => void;
  onStop?: () => void;
  onClear: () => void;
  /** The model picker of a direct chat: the models offered and the one chosen ("" is the server's default). */
  models?: { offered: readonly string[]; chosen: string; onChoose: (model: string) => void };
}

export function ChatView({
  app,
  conversation,
  draft,
  onDraftChange,
  onSend,
  onRetry,
  onReplace,
  onStop,
  onClear,
  models,
}: ChatViewProps) {
  const log = useRef<HTMLDivElement>(null);
  const waiting = conversation.waitingFor !== undefined;
  const { turns, partial, load } = conversation;
  const streaming = waiting && partial !== undefined;
  const { behind, jumpToLatest } = useScrollLock(log, [turns, waiting, partial?.text.length, load]);
  const lastAnswer = turns.findLastIndex((turn) => turn.role === "assistant");
  const idle = !waiting && load === undefined;

  return (
    <section className="chat" aria-labelledby="chat-title">
      <header className="chat-head">
        <a className="back-link" href="#/">
          ← All apps
        </a>
        <div className="chat-heading">
          <h1 id="chat-title">{app.title}</h1>
          <p>{app.description}</p>
        </div>
        <button
          type="button"
          className="secondary"
          onClick={onClear}
          disabled={(turns.length === 0 && load === undefined) || waiting}
        >
          New chat
        </button>
      </header>
      <div className="log-frame">
        {/* Focusable so the log scrolls from the keyboard (axe: scrollable-region-focusable). */}
        <div
          ref={log}
          className="messages"
          role="log"
          aria-label={`Conversation with ${app.title}`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keys
          tabIndex={0}
        >
          <article className="turn assistant welcome" aria-label="Assistant">
            <Markdown text={app.welcome} />
          </article>
          {load?.state === "loading" && (
            <p className="turn-note loading" role="status">
              Opening the conversation…
            </p>
          )}
          {load?.state === "failed" && <LoadFailure failure={load.failure} />}
          {turns.length === 0 && load === undefined && (
            <div className="examples">
              <p id="examples-label">Try an example</p>
              <ul aria-labelledby="examples-label">
                {app.examples.map((example) => (
                  <li key={example}>
                    <button
                      type="button"
                      className="example"
                      onClick={() => onSend(example)}
                      disabled={waiting}
                    >
                      {example}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {turns.map((turn, index) => {
            const previous = turns[index - 1];
            return (
              <TurnView
                key={turn.id}
                turn={turn}
                onRetry={onRetry}
                canRetry={idle && index === turns.length - 1}
                onRegenerate={
                  idle && index === lastAnswer && previous?.role === "user"
                    ? () => onReplace(index - 1, previous.text)
                    : undefined
                }
                onEdit={idle && turn.role === "user" ? (text) => onReplace(index, text) : undefined}
              />
            );
          })}
          {streaming && <StreamingTurn progress={partial} />}
          {waiting && !streaming && (
            <div className="turn assistant thinking" role="status">
              <span className="dots" aria-hidden="true">
                <span />
                <span />
                <span />
              </span>
              Thinking…
            </div>
          )}
        </div>
        {behind && (
          <button type="button" className="jump-latest" onClick={jumpToLatest}>
            ↓ Jump to latest
          </button>
        )}
      </div>
      <Composer
        appTitle={app.title}
        draft={draft}
        onDraftChange={onDraftChange}
        onSend={onSend}
        waiting={waiting || load?.state === "loading"}
        {...(onStop ? { onStop } : {})}
      >
        {models && <ModelPicker {...models} />}
      </Composer>
    </section>
  );
}

function LoadFailure({ failure }: { failure: ChatFailure }) {
  const gone = failure.kind === "http" && failure.status === 404;
  const { title, detail } = describeFailure(failure);
  return (
    <div className="turn error" role="alert">
      <p className="error-title">
        {gone ? "This conversation is gone" : `Could not open the conversation: ${title}`}
      </p>
      <p className="error-detail">
        {gone ? "It was deleted, has expired, or belongs to another API key. Start a new chat." : detail}
      </p>
    </div>
  );
}
