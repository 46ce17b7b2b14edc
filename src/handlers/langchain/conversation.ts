import type { ChatCompletionMessageParam } from "openai/resources";
import { BadRequestError, PayloadTooLargeError } from "../../common/errors.js";
import { type ConversationMessage, type ConversationStore, trimHistory } from "../../common/memory/index.js";
import type { Settings } from "../../common/settings/index.js";

/** DynamoDB items stop at 400 KB; this leaves room for the item's other attributes. */
const MAX_STORED_MESSAGE_BYTES = 350_000;

export interface OpenConversation {
  /** The stored turns that go back to the model, trimmed to the memory budget. */
  history: ConversationMessage[];
  /** Appends the request's turns and the model's answer as one write. */
  save(answer: ConversationMessage): Promise<void>;
}

function isConversationMessage(message: ChatCompletionMessageParam): message is ConversationMessage {
  return message.role === "user" || message.role === "assistant" || message.role === "tool";
}

/**
 * Loads a server-side conversation for a request whose new turns are `turns` (its messages after the
 * leading system messages). System messages are instructions for this request only and are not kept.
 */
export async function openConversation(
  store: ConversationStore,
  settings: Settings,
  conversationId: string,
  turns: readonly ChatCompletionMessageParam[],
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
  const recent = await store.recent(conversationId, settings.MEMORY_MAX_TURNS);
  const history = trimHistory(
    recent.turns.map((turn) => turn.message),
    { maxMessages: settings.MEMORY_MAX_TURNS, maxTokens: settings.MEMORY_MAX_TOKENS },
  );
  return {
    history,
    save: async (answer) => {
      await store.append(conversationId, [...newTurns, answer], recent.nextSeq);
    },
  };
}
