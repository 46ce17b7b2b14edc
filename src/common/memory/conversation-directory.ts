import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { BadRequestError } from "../errors.js";
import * as z from "../zod.js";
import { guarded } from "./errors.js";
import { firstUserText, type WrittenTurn } from "./stored-turn.js";
import { MEMORY_KEYS, OWNER_INDEX, SUMMARY_SEQ } from "./table.js";

export interface ConversationSummary {
  id: string;
  app: string;
  title: string;
  created_at: string;
  updated_at: string;
  turns: number;
}

export interface SummaryPage {
  conversations: ConversationSummary[];
  next_cursor: string | null;
}

/** What the summary says of a conversation before a turn: whose it is, and how far it counts. */
export interface SummaryState {
  /** Undefined when there is no summary (a new conversation, or one stored before owners). */
  owner?: string;
  /** The last place the summary counts: turn items up to it are visible. Undefined before the first. */
  lastSeq?: number;
}

/** How counting a turn in its summary went. */
export type CountOutcome =
  | "counted"
  /** Another caller owns the conversation. */
  | "foreign"
  /** The summary counts further already, or counts from elsewhere (another write got in first). */
  | "moved";

export interface ConversationDirectoryOptions {
  tableName: string;
  ttlDays: number;
  now?: () => number;
}

const SECONDS_PER_DAY = 86_400;
const TITLE_CHARS = 60;

const SummaryStateSchema = z.object({
  owner: z.optional(z.string()),
  last_seq: z.optional(z.int()),
});

const SummaryItemSchema = z.object({
  [MEMORY_KEYS.hash]: z.string(),
  owner: z.string(),
  app: z.string(),
  title: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  turns: z.int(),
  [MEMORY_KEYS.ttl]: z.number(),
});

/** The index's key of the last item a page read; the client gets it back as an opaque cursor. */
const CursorSchema = z.object({
  [MEMORY_KEYS.hash]: z.string(),
  [MEMORY_KEYS.range]: z.literal(SUMMARY_SEQ),
  owner: z.string(),
  updated_at: z.string(),
});

/** The first user message, on one line and shortened, as the list shows it. */
export function titleOf(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= TITLE_CHARS) return line || "(untitled)";
  return `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…`;
}

/**
 * Who owns each conversation, and the list of a caller's conversations newest first. Each
 * conversation has one summary item (at seq 0, beside its messages) holding its owner, app, title,
 * times and turn count; the sparse `by_owner` index (owner, updated_at) holds only these items, so
 * the list is one Query on it, never a scan. A turn updates the summary in the same request it
 * stores its messages, and the update's condition is the ownership check.

 */
export class ConversationDirectory {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(client: DynamoDBDocumentClient, options: ConversationDirectoryOptions) {
    this.#client = client;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlDays * SECONDS_PER_DAY;
    this.#now = options.now ?? Date.now;
  }

  async state(conversationId: string): Promise<SummaryState> {
    const { Item } = await guarded("GetItem", () =>
      this.#client.send(
        new GetCommand({
          TableName: this.#table,
          Key: { [MEMORY_KEYS.hash]: conversationId, [MEMORY_KEYS.range]: SUMMARY_SEQ },
          ProjectionExpression: "#owner, last_seq",
          ExpressionAttributeNames: { "#owner": "owner" },
          ConsistentRead: true,
        }),
      ),
    );
    const { owner, last_seq: lastSeq } = SummaryStateSchema.parse(Item ?? {});
    return { ...(owner === undefined ? {} : { owner }), ...(lastSeq === undefined ? {} : { lastSeq }) };
  }

  /**
   * Counts a stored turn in its conversation's summary, creating the summary (and so claiming the
   * conversation) on the first turn. This one conditional update is what makes a turn visible: it
   * moves `last_seq` to the turn's last place only from the place just before it, so each turn is
   * counted once, in order, whoever counts it (its writer, or the next writer when its process died
   * first) and however often the SDK retries it. Owner, app and title come from the item itself.
   */
  async count(conversationId: string, item: WrittenTurn): Promise<CountOutcome> {
    const nowMs = this.#now();
    const now = new Date(nowMs).toISOString();
    try {
      await guarded("UpdateItem", () =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { [MEMORY_KEYS.hash]: conversationId, [MEMORY_KEYS.range]: SUMMARY_SEQ },
            UpdateExpression:
              "SET #owner = if_not_exists(#owner, :owner), app = if_not_exists(app, :app), " +
              "title = if_not_exists(title, :title), created_at = if_not_exists(created_at, :created), " +
              "updated_at = :now, last_seq = :last, #ttl = :ttl ADD turns :one",
            ConditionExpression:
              "(attribute_not_exists(#owner) OR #owner = :owner) AND " +
              "(attribute_not_exists(last_seq) OR last_seq = :before)",
            ExpressionAttributeNames: { "#owner": "owner", "#ttl": MEMORY_KEYS.ttl },
            ExpressionAttributeValues: {
              ":owner": item.written_by,
              ":app": item.app,
              ":title": titleOf(firstUserText(item.messages)),
              ":created": item.created_at,
              ":now": now,
              ":last": item.block_end,
              ":before": item.seq - 1,
              ":ttl": Math.floor(nowMs / 1000) + this.#ttlSeconds,
              ":one": 1,
            },
          }),
        ),
      );
      return "counted";
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const state = await this.state(conversationId);
    if (state.owner !== item.written_by) return "foreign";
    return (state.lastSeq ?? 0) >= item.block_end ? "counted" : "moved";
  }

  /**
   * Ends the counted conversation at `lastSeq` after an edit cut the turns beyond it, taking `turns`
   * off the count. Only a summary that counts at least that far is changed.
   */
  async cutTo(conversationId: string, lastSeq: number, turns: number): Promise<void> {
    await guarded("UpdateItem", () =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [MEMORY_KEYS.hash]: conversationId, [MEMORY_KEYS.range]: SUMMARY_SEQ },
          UpdateExpression: "SET last_seq = :last, updated_at = :now ADD turns :minus",
          ConditionExpression:
            "attribute_exists(#owner) AND (attribute_not_exists(last_seq) OR last_seq >= :last)",
          ExpressionAttributeNames: { "#owner": "owner" },
          ExpressionAttributeValues: {
            ":last": lastSeq,
            ":now": new Date(this.#now()).toISOString(),
            ":minus": -turns,
          },
        }),
      ),
    ).catch((error: unknown) => {
      // A conversation stored before owners has no summary to correct.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }

  /** The owner's conversations, most recently updated first, `limit` a page. */
  async list(owner: string, limit: number, cursor?: string): Promise<SummaryPage> {
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, owner);
    const page = await guarded("Query", () =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: OWNER_INDEX,
          KeyConditionExpression: "#owner = :owner",
          ExpressionAttributeNames: { "#owner": "owner" },
          ExpressionAttributeValues: { ":owner": owner },
          ScanIndexForward: false,
          Limit: limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    const nowSeconds = this.#now() / 1000;
    const conversations = (page.Items ?? [])
      .map((raw) => SummaryItemSchema.parse(raw))
      .filter((item) => item[MEMORY_KEYS.ttl] > nowSeconds)
      .map((item) => ({
        id: item[MEMORY_KEYS.hash],
        app: item.app,
        title: item.title,
        created_at: item.created_at,
        updated_at: item.updated_at,
        turns: item.turns,
      }));
    const last = page.LastEvaluatedKey;
    return {
      conversations,
      next_cursor: last ? Buffer.from(JSON.stringify(last)).toString("base64url") : null,
    };
  }
}

function decodeCursor(cursor: string, owner: string): z.output<typeof CursorSchema> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const parsed = CursorSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.owner !== owner)
    throw new BadRequestError("cursor: not a cursor this list gave out; pass next_cursor back unchanged");
  return parsed.data;
}
