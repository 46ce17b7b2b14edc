import type { ChatCompletionMessageParam } from "openai/resources";
import type { ChatRoute } from "../../core/routes.js";
import { BadRequestError, PayloadTooLargeError } from "../errors.js";
import type { ConversationMessage, Conversations, TurnOwner } from "../memory/index.js";
import { trimHistory } from "../memory/trim.js";
import type { Settings } from "../settings/index.js";
import { ownedConversation } from "./ownership.js";

/**
 * A turn is one DynamoDB item, and items stop at 400 KB: the request's turns may take this much,
 * which leaves the answer and the item's other attributes the rest.
 */
const MAX_STORED_TURNS_BYTES = 300_000;
const MAX_STORED_ITEM_BYTES = 390_000;

const byteLength = (messages: readonly ConversationMessage[]) => Buffer.byteLength(JSON.stringify(messages));

export interface OpenConversation {
  /** The stored turns that go back to the model, trimmed to the memory budget. */
  history: ConversationMessage[];
  /** Stores the request's turns and the model's answer as one turn. */
  save(answer: ConversationMessage): Promise<void>;
}

/** The app a conversation is listed under: its catalog slug, or the passthrough route's name. */
export function appOf(route: ChatRoute): string {
  return route.app?.slug ?? route.resource.replace(/^\//, "");
}

function isConversationMessage(message: ChatCompletionMessageParam): message is ConversationMessage {
  return message.role === "user" || message.role === "assistant" || message.role === "tool";
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
  if (byteLength(newTurns) > MAX_STORED_TURNS_BYTES)
    throw new PayloadTooLargeError(
      `messages: too large to keep in a conversation (at most ${MAX_STORED_TURNS_BYTES} bytes of new turns)`,
    );
  const { lastSeq } = await ownedConversation(conversations, conversationId, by.owner, true);
  const recent = await conversations.store.recent(conversationId, settings.MEMORY_MAX_TURNS, lastSeq);
  const history = trimHistory(
    recent.turns.map((turn) => turn.message),
    { maxMessages: settings.MEMORY_MAX_TURNS, maxTokens: settings.MEMORY_MAX_TOKENS },
  );
  return {
    history,
    save: async (answer) => {
      const turn = [...newTurns, answer];
      if (byteLength(turn) > MAX_STORED_ITEM_BYTES)
        throw new PayloadTooLargeError(
          "max_tokens: the answer is too long to keep in the conversation; ask for a shorter one",
        );
      await conversations.writer.append(conversationId, turn, recent.nextSeq, by);
    },
  };
}
