import type { ChatFailure, ChatReply, StreamProgress } from "../api/types.js";

export type Turn =
  | { id: string; role: "user"; text: string; status: "pending" | "answered" | "failed" }
  | { id: string; role: "assistant"; reply: ChatReply }
  | { id: string; role: "error"; failure: ChatFailure; failedText: string };

export interface Conversation {
  /** The server-side conversation's id, from its first turn on, when the app's handler keeps one. */
  id?: string;
  turns: Turn[];
  /** The id of the user turn waiting for an answer; one at a time per app. */
  waitingFor?: string;
  /** The answer to it so far, while it streams. */
  partial?: StreamProgress;
  /** A stored conversation being read from the server, or why it could not be. */
  load?: { state: "loading" } | { state: "failed"; failure: ChatFailure };
}

/** Conversations by app slug, kept while the page is open. */
export type Conversations = Readonly<Record<string, Conversation>>;

export type ChatAction =
  | {
      type: "sent";
      slug: string;
      id: string;
      text: string;
      retry?: boolean;
      /** The server-side conversation the message goes to (a new id starts one). */
      conversationId?: string;
      /** The message replaces the turns from this index on: an edit, or a regenerated answer. */
      from?: number;
    }
  | { type: "progressed"; slug: string; id: string; progress: StreamProgress }
  | { type: "answered"; slug: string; id: string; replyId: string; reply: ChatReply }
  | { type: "failed"; slug: string; id: string; errorId: string; failure: ChatFailure }
  | { type: "loading"; slug: string; conversationId: string }
  | { type: "loaded"; slug: string; conversationId: string; turns: Turn[] }
  | { type: "loadFailed"; slug: string; conversationId: string; failure: ChatFailure }
  | { type: "cleared"; slug: string };

export const EMPTY_CONVERSATION: Conversation = { turns: [] };

export function conversationOf(conversations: Conversations, slug: string): Conversation {
  return conversations[slug] ?? EMPTY_CONVERSATION;
}

export function chatReducer(conversations: Conversations, action: ChatAction): Conversations {
  const current = conversationOf(conversations, action.slug);
  return { ...conversations, [action.slug]: nextConversation(current, action) };
}

function nextConversation(conversation: Conversation, action: ChatAction): Conversation {
  // A stored conversation that arrives after the user moved on to another one belongs nowhere.
  if (
    (action.type === "loaded" || action.type === "loadFailed") &&
    (conversation.id !== action.conversationId || conversation.load?.state !== "loading")
  ) {
    return conversation;
  }
  // An answer to a message from a conversation cleared in the meantime belongs nowhere.
  if (
    (action.type === "answered" || action.type === "failed" || action.type === "progressed") &&
    conversation.waitingFor !== action.id
  ) {
    return conversation;
  }
  switch (action.type) {
    case "sent": {
      const kept = action.from === undefined ? conversation.turns : conversation.turns.slice(0, action.from);
      const id = action.conversationId ?? conversation.id;
      return {
        ...(id ? { id } : {}),
        turns: [
          ...(action.retry ? withoutRetriedFailure(kept, action.text) : kept),
          { id: action.id, role: "user", text: action.text, status: "pending" },
        ],
        waitingFor: action.id,
      };
    }
    case "progressed":
      return { ...conversation, partial: action.progress };
    case "answered":
      return {
        ...withId(conversation),
        turns: [
          ...settleUserTurn(conversation.turns, action.id, "answered"),
          { id: action.replyId, role: "assistant", reply: action.reply },
        ],
      };
    case "failed": {
      const failedText = userText(conversation.turns, action.id);
      return {
        ...withId(conversation),
        turns: [
          ...settleUserTurn(conversation.turns, action.id, "failed"),
          { id: action.errorId, role: "error", failure: action.failure, failedText },
        ],
      };
    }
    case "loading":
      return { id: action.conversationId, turns: [], load: { state: "loading" } };
    case "loaded":
      return { id: action.conversationId, turns: action.turns };
    case "loadFailed":
      return { id: action.conversationId, turns: [], load: { state: "failed", failure: action.failure } };
    case "cleared":
      return EMPTY_CONVERSATION;
  }
}

function withId(conversation: Conversation): Pick<Conversation, "id"> {
  return conversation.id ? { id: conversation.id } : {};
}

/**
 * "Try again" on the message that just failed replaces that failed exchange, so the message shows
 * once; anything else sent leaves it, marked "Not answered".
 */
function withoutRetriedFailure(turns: Turn[], text: string): Turn[] {
  const last = turns.at(-1);
  const beforeLast = turns.at(-2);
  if (last?.role === "error" && last.failedText === text && beforeLast?.role === "user") {
    return turns.slice(0, -2);
  }
  return turns;
}

function settleUserTurn(turns: Turn[], id: string, status: "answered" | "failed"): Turn[] {
  return turns.map((turn) => (turn.role === "user" && turn.id === id ? { ...turn, status } : turn));
}

function userText(turns: Turn[], id: string): string {
  const turn = turns.find((t) => t.id === id);
  return turn?.role === "user" ? turn.text : "";
}
