/**
 * A new conversation id: 128 random bits, URL-safe. `crypto.getRandomValues` works on any page,
 * unlike `crypto.randomUUID`, which needs a secure context (plain http on a LAN address is not one).
 */
export function newConversationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `c-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
