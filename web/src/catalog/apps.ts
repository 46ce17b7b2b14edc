import catalogApps from "virtual:app-catalog";
import { type ChatApp, catalogChatApp, DIRECT_CHATS } from "./chat-app.js";

/** The catalog's apps, in catalog order. */
export const APPS: readonly ChatApp[] = catalogApps.map(catalogChatApp);

const BY_SLUG = new Map([...APPS, ...DIRECT_CHATS].map((app) => [app.slug, app]));

export function findChatApp(slug: string | undefined): ChatApp | undefined {
  return slug === undefined ? undefined : BY_SLUG.get(slug);
}
