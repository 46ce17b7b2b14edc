import { useSyncExternalStore } from "react";

const APP_ROUTE = /^#\/apps\/([a-z0-9-]+)\/?$/;

/** The app slug in a `#/apps/<slug>` location hash; hash routes work wherever the page is hosted. */
export function slugFromHash(hash: string): string | undefined {
  return APP_ROUTE.exec(hash)?.[1];
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

export function useHashSlug(): string | undefined {
  return useSyncExternalStore(subscribe, () => slugFromHash(window.location.hash));
}
