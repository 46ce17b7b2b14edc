import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources";
import { ownerOf } from "../../core/caller.js";
import type { ChatRequest } from "../../core/request.js";
import type { ChatInput } from "../chat/chat-input.js";
import type { ConversationMessage } from "../memory/index.js";
import type { ConversationsOnDemand } from "../memory/on-demand.js";
import type { Settings } from "../settings/index.js";
import { appOf, openConversation } from "./open-conversation.js";

/** What a chat handler needs to keep conversations. */
export interface ConversationServices {
  settings: Settings;
  conversations: ConversationsOnDemand;
}

export interface InstructionsAndTurns {
  /** The leading system messages: the app's prompt or the client's, for this request only. */
  instructions: ChatCompletionMessageParam[];
  /** The request's own turns after them: what a conversation stores. */
  turns: ChatCompletionMessageParam[];
  /** Where the turns start in the request's messages, for error messages naming a field. */
  turnsOffset: number;
}

export function splitInstructions(messages: readonly ChatCompletionMessageParam[]): InstructionsAndTurns {
  const firstTurn = messages.findIndex((message) => message.role !== "system");
  const split = firstTurn === -1 ? messages.length : firstTurn;
  return { instructions: messages.slice(0, split), turns: messages.slice(split), turnsOffset: split };
}

/**
 * The answer as a conversation keeps it. `withToolCalls: false` drops the calls of a handler's own
 * tools that were never run (a tool loop cut off): sent back to the model without their results,
 * they would make it refuse the next turn.
 */
export function storedAnswer(completion: ChatCompletion, withToolCalls = true): ConversationMessage {
  const { content, tool_calls } = completion.choices[0]?.message ?? { content: "" };
  if (withToolCalls && tool_calls && tool_calls.length > 0) return { role: "assistant", content, tool_calls };
  return { role: "assistant", content: content ?? "" };
}

/** A chat request with its stored conversation, when it names one. */
export interface RememberedChat extends InstructionsAndTurns {
  /** The stored turns that go back to the model, between the instructions and the new turns. */
  history: ConversationMessage[];
  /** The request's messages with the history in place: what the model is sent. */
  messages: ChatCompletionMessageParam[];
  /** What the answer's request_meta_data adds: the conversation's id. */
  metaData: { conversation_id?: string };
  /** Stores the request's new turns with the answer, as one turn; nothing without a conversation. */
  save(answer: ConversationMessage): Promise<void>;
}

/**
 * Opens the conversation a chat request names (its `conversation_id`), checking that it is the
 * caller's, and places its stored turns in front of the request's new ones. Without a
 * conversation_id the request is answered as it is and nothing is stored.
 */
export async function rememberedChat(
  input: ChatInput,
  request: ChatRequest,
  services: ConversationServices,
): Promise<RememberedChat> {
  const split = splitInstructions(input.messages);
  const conversationId = input.conversation_id;
  if (conversationId === undefined)
    return { ...split, history: [], messages: input.messages, metaData: {}, save: async () => {} };
  const conversation = await openConversation(
    await services.conversations(),
    services.settings,
    conversationId,
    split.turns,
    { owner: ownerOf(request.caller), app: appOf(request.route) },
  );
  return {
    ...split,
    history: conversation.history,
    messages: [...split.instructions, ...conversation.history, ...split.turns],
    metaData: { conversation_id: conversationId },
    save: conversation.save,
  };
}
