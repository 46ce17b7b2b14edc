import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam,
} from "openai/resources";
import { messageSchema } from "../request/schemas.js";
import * as z from "../zod.js";
import { MEMORY_KEYS } from "./table.js";

/** What a conversation keeps: the turns people and the model take. System prompts stay per request. */
export type ConversationMessage =
  | ChatCompletionUserMessageParam
  | ChatCompletionAssistantMessageParam
  | ChatCompletionToolMessageParam;

/** One stored message and its place in the conversation. */
export interface StoredTurn {
  seq: number;
  created_at: string;
  message: ConversationMessage;
}

const StoredMessageSchema = messageSchema().check(
  z.refine((message) => message.role !== "system", {
    message: "a stored message is never a system message",
  }),
);

/**
 * What every item of a conversation's messages has. An item holds the places `seq … block_end`: the
 * messages of one write (a request's turns and their answer), so a writer reading only the newest
 * item knows where the next write starts.
 */
const PlacedSchema = z.object({
  [MEMORY_KEYS.hash]: z.string(),
  [MEMORY_KEYS.range]: z.int(),
  block_end: z.int(),
  created_at: z.string(),
  /** The same for every item of one write; tells a write its own items from another's. */
  write_id: z.string(),
  [MEMORY_KEYS.ttl]: z.number(),
});

/**
 * A whole turn in one item: the request's messages and the answer, put once the answer exists. One
 * PutItem is atomic, so a process killed at any point leaves either the whole turn or nothing. It
 * carries what its summary needs (owner, app, title), so the next writer can count it when its own
 * writer died before doing so.
 */
export const TurnItemSchema = z.extend(PlacedSchema, {
  /** The owner of the caller who wrote it; not `owner`, which would put it in the by_owner index. */
  written_by: z.string(),
  app: z.string(),
  messages: z.array(StoredMessageSchema).check(z.minLength(1)),
});

/**
 * An item of the earlier layout: one message per item, a write's items put one after another (see
 * docs/conversations.md). Still read, never written.
 */
export const MessageItemSchema = z.extend(PlacedSchema, { message: StoredMessageSchema });

export const StoredItemSchema = z.union([TurnItemSchema, MessageItemSchema]);

export type TurnItem = z.output<typeof TurnItemSchema>;
export type MessageItem = z.output<typeof MessageItemSchema>;
export type StoredItem = z.output<typeof StoredItemSchema>;

/** A turn item with its messages typed as the SDK's; the schema checked each one's shape per role. */
export type WrittenTurn = Omit<TurnItem, "messages"> & { messages: ConversationMessage[] };

export function isTurnItem(item: StoredItem): item is TurnItem {
  return "messages" in item;
}

export function writtenTurn(item: TurnItem): WrittenTurn {
  return item as WrittenTurn;
}

/** The messages an item holds, each at its place. The schema checked each message's shape per role. */
export function turnsOf(item: StoredItem): StoredTurn[] {
  const messages = isTurnItem(item) ? item.messages : [item.message];
  return messages.map((message, index) => ({
    seq: item.seq + index,
    created_at: item.created_at,
    message: message as ConversationMessage,
  }));
}

/** The first user message's text: what a conversation's title is made of. */
export function firstUserText(messages: readonly ConversationMessage[]): string {
  const first = messages.find((message) => message.role === "user");
  if (!first) return "";
  if (typeof first.content === "string") return first.content;
  return first.content.map((part) => (part.type === "text" ? part.text : "")).join(" ");
}
