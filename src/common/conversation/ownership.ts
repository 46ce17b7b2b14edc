import type { Conversations, SummaryState } from "../memory/index.js";
import { notFound } from "../memory/not-found.js";

/** What conversations stored before they had owners belong to: see docs/conversations.md. */
export const OWNERLESS = "anonymous";

/**
 * Passes when the conversation is `owner`'s, or does not exist yet and `mayBeNew` (a first turn
 * starts it). Otherwise 404, the same answer as for a conversation that does not exist, so ids
 * cannot be probed. A conversation stored before owners existed (messages, no summary) counts as
 * the anonymous caller's: a server without API keys reaches it as before; with keys it stays out of
 * reach until its TTL removes it, as no key can prove it wrote it. Answers the summary's state, which
 * tells the reads how far the conversation goes.
 */
export async function ownedConversation(
  { store, directory }: Conversations,
  conversationId: string,
  owner: string,
  mayBeNew: boolean,
): Promise<SummaryState> {
  const state = await directory.state(conversationId);
  if (state.owner !== undefined) {
    if (state.owner === owner) return state;
    throw notFound(conversationId);
  }
  const stored = (await store.recent(conversationId, 1, state.lastSeq)).turns.length > 0;
  if (stored ? owner === OWNERLESS : mayBeNew) return state;
  throw notFound(conversationId);
}
