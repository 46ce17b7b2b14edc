import { useId, useState } from "react";
import type { ChatApp } from "../catalog/chat-app.js";

const HANDLER_TAGS: Partial<Record<ChatApp["handler"], string>> = {
  langchain: "langchain",
  openai_function: "tools",
};

interface AppListProps {
  apps: readonly ChatApp[];
  /** The passthrough routes' chats, listed after the apps. */
  directChats: readonly ChatApp[];
  selectedSlug: string | undefined;
  busySlugs: ReadonlySet<string>;
}

/** Every catalog app by title, then the direct chats; following an entry opens its chat (`#/apps/<slug>`). */
export function AppList({ apps, directChats, selectedSlug, busySlugs }: AppListProps) {
  const [filter, setFilter] = useState("");
  const filterId = useId();
  const directId = useId();
  const needle = filter.trim().toLowerCase();
  const matches = (app: ChatApp) => `${app.title} ${app.description}`.toLowerCase().includes(needle);
  const shown = needle ? apps.filter(matches) : apps;
  const shownDirect = needle ? directChats.filter(matches) : directChats;

  const entry = (app: ChatApp, attribute: "data-app-slug" | "data-direct-chat") => {
    const tag = HANDLER_TAGS[app.handler];
    return (
      <li key={app.slug}>
        <a
          href={`#/apps/${app.slug}`}
          {...{ [attribute]: app.slug }}
          aria-current={app.slug === selectedSlug ? "page" : undefined}
        >
          <span className="app-title">
            {app.title}
            {tag && <span className="tag">{tag}</span>}
            {busySlugs.has(app.slug) && <span className="busy-dot" title="Waiting for an answer" />}
          </span>
          <span className="app-description">{app.description}</span>
        </a>
      </li>
    );
  };

  return (
    <>
      <div className="app-filter">
        <label htmlFor={filterId}>Find an app</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          placeholder={`Search ${apps.length} apps`}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      <ul aria-label="Apps">{shown.map((app) => entry(app, "data-app-slug"))}</ul>
      {shownDirect.length > 0 && (
        <>
          <h2 id={directId} className="list-heading">
            Direct to the model
          </h2>
          <ul aria-labelledby={directId}>{shownDirect.map((app) => entry(app, "data-direct-chat"))}</ul>
        </>
      )}
      {shown.length === 0 && shownDirect.length === 0 && (
        <p className="no-match">No app matches “{filter}”.</p>
      )}
    </>
  );
}
