import type { ReactNode } from "react";

export const SIDEBAR_ID = "apps";

export type SidebarView = "apps" | "history";

interface SidebarProps {
  view: SidebarView;
  onViewChange: (view: SidebarView) => void;
  apps: ReactNode;
  history: ReactNode;
}

/** The side column: the apps to start a chat with, or the stored conversations to go back to. */
export function Sidebar({ view, onViewChange, apps, history }: SidebarProps) {
  const choice = (value: SidebarView, label: string) => (
    <button
      type="button"
      className="switch"
      aria-pressed={view === value}
      onClick={() => onViewChange(value)}
    >
      {label}
    </button>
  );
  return (
    <nav id={SIDEBAR_ID} className="app-list" aria-label="Apps and conversations" tabIndex={-1}>
      <fieldset className="sidebar-switch">
        <legend className="visually-hidden">Show in the list</legend>
        {choice("apps", "Apps")}
        {choice("history", "History")}
      </fieldset>
      <div className="sidebar-body">{view === "apps" ? apps : history}</div>
    </nav>
  );
}
