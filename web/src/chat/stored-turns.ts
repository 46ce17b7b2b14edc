import type { StoredMessage } from "../api/conversations.js";
import type { Turn } from "./conversation.js";

/**
 * The turns a stored conversation shows: its users' messages and the answers with text. Tool calls
 * and tool results are steps of an answer, not turns of their own.
 */
export function turnsFromStored(messages: readonly StoredMessage[], nextId: () => string): Turn[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    if (message.content === null || message.content === "") continue;
    if (message.role === "user")
      turns.push({ id: nextId(), role: "user", text: message.content, status: "answered" });
    else if (message.role === "assistant")
      turns.push({
        id: nextId(),
        role: "assistant",
        reply: { text: message.content, model: "", offline: false },
      });
  }
  return turns;
}

/**
 * How many of the first `count` turns' exchanges the server keeps: an answered message with a
 * complete answer. The server stores neither a failed message nor an answer cut short.
 */
export function storedExchanges(turns: readonly Turn[], count: number): number {
  let exchanges = 0;
  for (let index = 0; index + 1 < count; index++) {
    const turn = turns[index];
    const next = turns[index + 1];
    if (turn?.role === "user" && next?.role === "assistant" && !next.reply.endedEarly) exchanges++;
  }
  return exchanges;
}

/**
 * The seq of the last stored message to keep so that `exchanges` exchanges stay: the one before
 * the next user message. Undefined when nothing stays, or when all of it does.
 */
export function cutAfterSeq(messages: readonly StoredMessage[], exchanges: number): number | undefined {
  let users = 0;
  for (const [index, message] of messages.entries()) {
    if (message.role !== "user") continue;
    users++;
    if (users === exchanges + 1) return index === 0 ? undefined : messages[index - 1]?.seq;
  }
  return undefined;
}
