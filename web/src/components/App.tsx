import { useCallback, useEffect, useMemo, useState } from "react";
import type { ConversationSummary } from "../api/conversations.js";
import { APPS, findChatApp } from "../catalog/apps.js";
import { DIRECT_CHATS } from "../catalog/chat-app.js";
import { conversationOf } from "../chat/conversation.js";
import { useChat } from "../chat/use-chat.js";
import { useHistory } from "../chat/use-history.js";
import { useModels } from "../chat/use-models.js";
import { locationFromHash, replaceLocation, useLocationHash } from "../routing/hash-route.js";
import {
  type ApiSettings,
  effectiveBaseUrl,
  loadApiSettings,
  saveApiSettings,
} from "../settings/api-settings.js";
import { AppList } from "./AppList.js";
import { ChatView } from "./ChatView.js";
import { COMPOSER_INPUT_ID } from "./Composer.js";
import { HistoryList } from "./HistoryList.js";
import { Home } from "./Home.js";
import { OfflineBanner } from "./OfflineBanner.js";
import { SettingsDialog } from "./SettingsDialog.js";
import { SIDEBAR_ID, Sidebar, type SidebarView } from "./Sidebar.js";
import { SkipLink } from "./SkipLink.js";

const PAGE_TITLE = "aws-openai chatbot apps";

export function App() {
  const pageOrigin = window.location.origin;
  const [settings, setSettings] = useState<ApiSettings>(() => loadApiSettings(window.localStorage));
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [bannerHidden, setBannerHidden] = useState(false);
  const [sidebarView, setSidebarView] = useState<SidebarView>("apps");
  const [drafts, setDrafts] = useState<Readonly<Record<string, string>>>({});
  const [chosenModels, setChosenModels] = useState<Readonly<Record<string, string>>>({});
  const target = useMemo(
    () => ({ baseUrl: effectiveBaseUrl(settings, pageOrigin), apiKey: settings.apiKey }),
    [settings, pageOrigin],
  );
  const { history, refreshIfShown, loadMore, remove } = useHistory(target, sidebarView === "history");
  const { conversations, offline, send, stop, clear, open } = useChat(target, refreshIfShown);
  const location = locationFromHash(useLocationHash());
  const app = findChatApp(location?.slug);
  const routeConversation = app ? location?.conversationId : undefined;
  const conversation = app ? conversationOf(conversations, app.slug) : undefined;
  const models = useModels(target, app?.picksModel ?? false);
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

  // The address names the conversation shown: one named there is read from the server (a reload, a
  // history entry, a link from another browser); an app's address alone shows its current chat.
  const shownId = conversation?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the address only; the chat's own id is followed below
  useEffect(() => {
    if (!app) return;
    if (routeConversation && routeConversation !== shownId) void open(app.slug, routeConversation);
    else if (!routeConversation && shownId) replaceLocation({ slug: app.slug, conversationId: shownId });
  }, [app?.slug, routeConversation]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the chat's id only; the address is followed above
  useEffect(() => {
    if (!app || shownId === routeConversation) return;
    replaceLocation(shownId ? { slug: app.slug, conversationId: shownId } : { slug: app.slug });
  }, [shownId]);

  const sendToApp = useCallback(
    (text: string) => {
      if (!app) return;
      setDrafts((current) => ({ ...current, [app.slug]: "" }));
      const model = chosenModels[app.slug];
      void send(app, text, model ? { model } : {});
    },
    [app, send, chosenModels],
  );
  const retryInApp = useCallback(
    (text: string) => {
      if (!app) return;
      const model = chosenModels[app.slug];
      void send(app, text, { retry: true, ...(model ? { model } : {}) });
    },
    [app, send, chosenModels],
  );
  const replaceInApp = useCallback(
    (from: number, text: string) => {
      if (!app) return;
      const model = chosenModels[app.slug];
      void send(app, text, { from, ...(model ? { model } : {}) });
    },
    [app, send, chosenModels],
  );

  const deleteConversation = useCallback(
    async (summary: ConversationSummary) => {
      const failure = await remove(summary.id);
      if (!failure && conversationOf(conversations, summary.app).id === summary.id) clear(summary.app);
      return failure;
    },
    [remove, conversations, clear],
  );

  function saveSettings(next: ApiSettings) {
    saveApiSettings(window.localStorage, next);
    setSettings(next);
    setSettingsOpen(false);
  }

  return (
    <div className="shell" data-view={app ? "chat" : "home"}>
      <SkipLink targetId={app ? COMPOSER_INPUT_ID : SIDEBAR_ID}>
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
        <Sidebar
          view={sidebarView}
          onViewChange={setSidebarView}
          apps={
            <AppList apps={APPS} directChats={DIRECT_CHATS} selectedSlug={app?.slug} busySlugs={busySlugs} />
          }
          history={
            <HistoryList
              history={history}
              openId={shownId}
              onLoadMore={loadMore}
              onDelete={deleteConversation}
            />
          }
        />
        <main id="main" tabIndex={-1}>
          {app && conversation ? (
            <ChatView
              key={app.slug}
              app={app}
              conversation={conversation}
              draft={drafts[app.slug] ?? ""}
              onDraftChange={(text) => setDrafts((current) => ({ ...current, [app.slug]: text }))}
              onSend={sendToApp}
              onRetry={retryInApp}
              onReplace={replaceInApp}
              onStop={() => stop(app.slug)}
              onClear={() => clear(app.slug)}
              {...(app.picksModel
                ? {
                    models: {
                      offered: models,
                      chosen: chosenModels[app.slug] ?? "",
                      onChoose: (model: string) =>
                        setChosenModels((current) => ({ ...current, [app.slug]: model })),
                    },
                  }
                : {})}
            />
          ) : (
            <Home appCount={APPS.length} baseUrl={target.baseUrl} />
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
