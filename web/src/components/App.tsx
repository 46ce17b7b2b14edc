import { useCallback, useEffect, useMemo, useState } from "react";
import { APPS, findWebApp } from "../catalog/apps.js";
import { conversationOf } from "../chat/conversation.js";
import { useChat } from "../chat/use-chat.js";
import { useHashSlug } from "../routing/hash-route.js";
import {
  type ApiSettings,
  effectiveBaseUrl,
  loadApiSettings,
  saveApiSettings,
} from "../settings/api-settings.js";
import { APP_LIST_ID, AppList } from "./AppList.js";
import { ChatView } from "./ChatView.js";
import { COMPOSER_INPUT_ID } from "./Composer.js";
import { Home } from "./Home.js";
import { OfflineBanner } from "./OfflineBanner.js";
import { SettingsDialog } from "./SettingsDialog.js";
import { SkipLink } from "./SkipLink.js";

const PAGE_TITLE = "aws-openai chatbot apps";

export function App() {
  const pageOrigin = window.location.origin;
  const [settings, setSettings] = useState<ApiSettings>(() => loadApiSettings(window.localStorage));
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [bannerHidden, setBannerHidden] = useState(false);
  const [drafts, setDrafts] = useState<Readonly<Record<string, string>>>({});
  const { conversations, offline, send, stop, clear } = useChat({
    baseUrl: effectiveBaseUrl(settings, pageOrigin),
    apiKey: settings.apiKey,
  });
  const app = findWebApp(useHashSlug());
  const busySlugs = useMemo(
    () => new Set(Object.keys(conversations).filter((slug) => conversations[slug]?.waitingFor)),
    [conversations],
  );

  useEffect(() => {
    document.title = app ? `${app.title} · ${PAGE_TITLE}` : PAGE_TITLE;
    // On touch screens focusing the box would pop up the keyboard over the app's welcome text.
    if (app && window.matchMedia("(pointer: fine)").matches)
      document.getElementById(COMPOSER_INPUT_ID)?.focus();
  }, [app]);

  const sendToApp = useCallback(
    (text: string) => {
      if (!app) return;
      setDrafts((current) => ({ ...current, [app.slug]: "" }));
      void send(app.slug, text);
    },
    [app, send],
  );
  const retryInApp = useCallback(
    (text: string) => {
      if (app) void send(app.slug, text, true);
    },
    [app, send],
  );

  function saveSettings(next: ApiSettings) {
    saveApiSettings(window.localStorage, next);
    setSettings(next);
    setSettingsOpen(false);
  }

  return (
    <div className="shell" data-view={app ? "chat" : "home"}>
      <SkipLink targetId={app ? COMPOSER_INPUT_ID : APP_LIST_ID}>
        {app ? "Skip to message box" : "Skip to app list"}
      </SkipLink>
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="brand-mark" aria-hidden="true" />
          aws-openai
        </a>
        <button
          type="button"
          className="secondary"
          aria-haspopup="dialog"
          onClick={() => setSettingsOpen(true)}
        >
          Settings
        </button>
      </header>
      {offline && !bannerHidden && <OfflineBanner onDismiss={() => setBannerHidden(true)} />}
      <div className="layout">
        <AppList apps={APPS} selectedSlug={app?.slug} busySlugs={busySlugs} />
        <main id="main" tabIndex={-1}>
          {app ? (
            <ChatView
              key={app.slug}
              app={app}
              conversation={conversationOf(conversations, app.slug)}
              draft={drafts[app.slug] ?? ""}
              onDraftChange={(text) => setDrafts((current) => ({ ...current, [app.slug]: text }))}
              onSend={sendToApp}
              onRetry={retryInApp}
              onStop={() => stop(app.slug)}
              onClear={() => clear(app.slug)}
            />
          ) : (
            <Home appCount={APPS.length} baseUrl={effectiveBaseUrl(settings, pageOrigin)} />
          )}
        </main>
      </div>
      <SettingsDialog
        open={settingsOpen}
        settings={settings}
        pageOrigin={pageOrigin}
        onSave={saveSettings}
        onClose={() => setSettingsOpen(false)}
      />
    </div>
  );
}
