import { useSyncExternalStore } from "react";

/** What the location hash opens: an app (`#/apps/<slug>`), or one of its conversations (`…/c/<id>`). */
export interface ChatLocation {
  slug: string;
  conversationId?: string;
}

const APP_ROUTE = /^#\/apps\/([a-z0-9_-]+)(?:\/c\/([A-Za-z0-9_-]{1,128}))?\/?$/;

/** Hash routes work wherever the page is hosted, and a reload opens the same conversation. */
export function locationFromHash(hash: string): ChatLocation | undefined {
  const match = APP_ROUTE.exec(hash);
  if (!match?.[1]) return undefined;
  return match[2] ? { slug: match[1], conversationId: match[2] } : { slug: match[1] };
}

export function hashOf(location: ChatLocation): string {
  const app = `#/apps/${location.slug}`;
  return location.conversationId ? `${app}/c/${location.conversationId}` : app;
}

/** Shows `location` in the address bar without a new history entry (a started chat keeps its place). */
export function replaceLocation(location: ChatLocation): void {
  if (window.location.hash !== hashOf(location)) window.location.replace(hashOf(location));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/** The hash itself is the snapshot: a string compares equal between renders, an object would not. */
export function useLocationHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
