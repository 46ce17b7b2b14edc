import type { ChatCompletionMessageParam } from "openai/resources";
import type { ChatRoute } from "../../core/routes.js";
import { BadRequestError, PayloadTooLargeError } from "../errors.js";
import { type ConversationMessage, type Conversations, trimHistory } from "../memory/index.js";
import type { Settings } from "../settings/index.js";
import { assertOwner } from "./ownership.js";

/** DynamoDB items stop at 400 KB; this leaves room for the item's other attributes. */
const MAX_STORED_MESSAGE_BYTES = 350_000;

export interface OpenConversation {
  /** The stored turns that go back to the model, trimmed to the memory budget. */
  history: ConversationMessage[];
  /** Appends the request's turns and the model's answer as one write. */
  save(answer: ConversationMessage): Promise<void>;
}

/** Whose turn it is and where: the caller's owner id and the app slug (or passthrough route) it runs. */
export interface TurnOwner {
  owner: string;
  app: string;
}

/** The app a conversation is listed under: its catalog slug, or the passthrough route's name. */
export function appOf(route: ChatRoute): string {
  return route.app?.slug ?? route.resource.replace(/^\//, "");
}

function isConversationMessage(message: ChatCompletionMessageParam): message is ConversationMessage {
  return message.role === "user" || message.role === "assistant" || message.role === "tool";
}

function firstUserText(messages: readonly ConversationMessage[]): string {
  const first = messages.find((message) => message.role === "user");
  if (!first) return "";
  if (typeof first.content === "string") return first.content;
  return first.content.map((part) => (part.type === "text" ? part.text : "")).join(" ");
}

/**
 * Loads a server-side conversation for a request whose new turns are `turns` (its messages after the
 * leading system messages). System messages are instructions for this request only and are not kept.
 * A conversation another caller owns answers 404, as one that does not exist.
 */
export async function openConversation(
  conversations: Conversations,
  settings: Settings,
  conversationId: string,
  turns: readonly ChatCompletionMessageParam[],
  by: TurnOwner,
): Promise<OpenConversation> {
  const newTurns = turns.filter(isConversationMessage);
  if (newTurns.length === 0)
    throw new BadRequestError(
      "input_text: send the new turn (input_text or a user message); the server keeps the earlier ones",
    );
  for (const [index, message] of newTurns.entries()) {
    if (Buffer.byteLength(JSON.stringify(message)) > MAX_STORED_MESSAGE_BYTES)
      throw new PayloadTooLargeError(
        `messages.${index}: too large to keep in a conversation (at most ${MAX_STORED_MESSAGE_BYTES} bytes a message)`,
      );
  }
  const { store, directory } = conversations;
  await assertOwner(conversations, conversationId, by.owner, true);
  const recent = await store.recent(conversationId, settings.MEMORY_MAX_TURNS);
  const history = trimHistory(
    recent.turns.map((turn) => turn.message),
    { maxMessages: settings.MEMORY_MAX_TURNS, maxTokens: settings.MEMORY_MAX_TOKENS },
  );
  return {
    history,
    save: async (answer) => {
      // The summary first: its conditional update claims a new conversation, so of two callers
      // racing on one new id, the second gets 404 before any of its messages is stored.
      await directory.recordTurn(conversationId, { ...by, firstUserText: firstUserText(newTurns) });
      await store.append(conversationId, [...newTurns, answer], recent.nextSeq);
    },
  };
}
