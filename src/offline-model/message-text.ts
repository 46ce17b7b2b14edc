import type { ChatMessage } from "./request-schema.js";

/** The text of a message, whether its content is a string or a list of parts (non-text parts are skipped). */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  if (!content) return "";
  return content
    .map((part) => part.text ?? "")
    .filter((text) => text !== "")
    .join(" ");
}

/** Collapses whitespace runs (newlines included) so a quoted text stays on one line. */
export function singleLine(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/**
 * Keeps the first `maxChars` characters, counted in code points so an emoji is never cut in half,
 * and marks the cut with an ellipsis.
 */
export function shorten(text: string, maxChars: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxChars) return text;
  return `${codePoints.slice(0, maxChars).join("")}…`;
}
