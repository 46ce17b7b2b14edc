import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam,
} from "openai/resources";
import { z } from "zod";
import { MessageSchema } from "../request/schemas.js";
import { MEMORY_KEYS } from "./table.js";

/** What a conversation keeps: the turns people and the model take. System prompts stay per request. */
export type ConversationMessage =
  | ChatCompletionUserMessageParam
  | ChatCompletionAssistantMessageParam
  | ChatCompletionToolMessageParam;

export interface StoredTurn {
  seq: number;
  created_at: string;
  message: ConversationMessage;
}

/**
 * One message item. `block_end` is the last seq of the write the item belongs to (a user turn and its
 * answer are one write), so a concurrent writer reading only the newest item knows where to start.
 */
export const StoredItemSchema = z.object({
  [MEMORY_KEYS.hash]: z.string(),
  [MEMORY_KEYS.range]: z.number().int(),
  block_end: z.number().int(),
  created_at: z.string(),
  /** The same for every item of one write; tells a write its own items from another's. */
  write_id: z.string(),
  [MEMORY_KEYS.ttl]: z.number(),
  message: MessageSchema.refine((message) => message.role !== "system", {
    message: "a stored message is never a system message",
  }),
});

export type StoredItem = z.output<typeof StoredItemSchema>;

/** The schema checked each message's shape per role; this narrows the type to the SDK's. */
export function turnOf(item: StoredItem): StoredTurn {
  return { seq: item.seq, created_at: item.created_at, message: item.message as ConversationMessage };
}
