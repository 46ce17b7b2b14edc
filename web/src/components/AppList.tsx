import { useId, useState } from "react";
import type { WebApp } from "../catalog/web-app.js";

const HANDLER_TAGS: Partial<Record<WebApp["handler"], string>> = {
  langchain: "memory",
  openai_function: "tools",
};

export const APP_LIST_ID = "apps";

interface AppListProps {
  apps: readonly WebApp[];
  selectedSlug: string | undefined;
  busySlugs: ReadonlySet<string>;
}

/** Every catalog app by title; following an entry opens its chat (`#/apps/<slug>`). */
export function AppList({ apps, selectedSlug, busySlugs }: AppListProps) {
  const [filter, setFilter] = useState("");
  const filterId = useId();
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? apps.filter((app) => `${app.title} ${app.description}`.toLowerCase().includes(needle))
    : apps;

  return (
    <nav id={APP_LIST_ID} className="app-list" aria-label="Chatbot apps" tabIndex={-1}>
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
      <ul>
        {shown.map((app) => {
          const tag = HANDLER_TAGS[app.handler];
          return (
            <li key={app.slug}>
              <a
                href={`#/apps/${app.slug}`}
                data-app-slug={app.slug}
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
        })}
      </ul>
      {shown.length === 0 && <p className="no-match">No app matches “{filter}”.</p>}
    </nav>
  );
}
