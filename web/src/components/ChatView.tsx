import { useEffect, useRef } from "react";
import type { WebApp } from "../catalog/web-app.js";
import type { Conversation } from "../chat/conversation.js";
import { Composer } from "./Composer.js";
import { Markdown } from "./Markdown.js";
import { StreamingTurn } from "./StreamingTurn.js";
import { TurnView } from "./TurnView.js";

interface ChatViewProps {
  app: WebApp;
  conversation: Conversation;
  draft: string;
  onDraftChange: (text: string) => void;
  onSend: (text: string) => void;
  /** Sends the message that just failed again, in place of the failed exchange. */
  onRetry: (text: string) => void;
  onStop?: () => void;
  onClear: () => void;
}

export function ChatView({
  app,
  conversation,
  draft,
  onDraftChange,
  onSend,
  onRetry,
  onStop,
  onClear,
}: ChatViewProps) {
  const logEnd = useRef<HTMLDivElement>(null);
  const waiting = conversation.waitingFor !== undefined;
  const { turns, partial } = conversation;
  const streaming = waiting && partial !== undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the conversation grows or settles
  useEffect(() => {
    logEnd.current?.scrollIntoView({ block: "end" });
  }, [turns.length, waiting, partial?.text.length]);

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
          disabled={turns.length === 0 || waiting}
        >
          New chat
        </button>
      </header>
      {/* Focusable so the log scrolls from the keyboard (axe: scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keys */}
      <div className="messages" role="log" aria-label={`Conversation with ${app.title}`} tabIndex={0}>
        <article className="turn assistant welcome" aria-label="Assistant">
          <Markdown text={app.welcome} />
        </article>
        {turns.length === 0 && (
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
        {turns.map((turn, index) => (
          <TurnView
            key={turn.id}
            turn={turn}
            onRetry={onRetry}
            canRetry={!waiting && index === turns.length - 1}
          />
        ))}
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
        <div ref={logEnd} />
      </div>
      <Composer
        appTitle={app.title}
        draft={draft}
        onDraftChange={onDraftChange}
        onSend={onSend}
        waiting={waiting}
        {...(onStop ? { onStop } : {})}
      />
    </section>
  );
}
