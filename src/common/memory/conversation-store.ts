import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import { ConflictError } from "../errors.js";
import { BATCH_WRITE_LIMIT, deleteItems } from "./batch-delete.js";
import { completeWrites } from "./complete-writes.js";
import { guarded } from "./errors.js";
import {
  type ConversationMessage,
  type StoredItem,
  StoredItemSchema,
  type StoredTurn,
  turnOf,
} from "./stored-turn.js";
import { MEMORY_KEYS, SUMMARY_SEQ } from "./table.js";

export interface ConversationStoreOptions {
  tableName: string;
  ttlDays: number;
  /** Milliseconds since the epoch; tests move it to check expiry. */
  now?: () => number;
  /** How often an append looks for a free place after losing a race; beyond that it answers 409. */
  appendAttempts?: number;
}

export interface RecentTurns {
  /** Oldest first. */
  turns: StoredTurn[];
  /** Where the next write starts; appending there fails only if another write got in first. */
  nextSeq: number;
}

export interface TurnPage {
  turns: StoredTurn[];
  /** Pass as `after` to read on; absent on the last page. */
  nextAfter?: number;
}

const SECONDS_PER_DAY = 86_400;
/** Enough for 24 writers racing on one conversation: each lost race means another writer won. */
const DEFAULT_APPEND_ATTEMPTS = 25;

/** A random wait that grows with each attempt, so racing writers spread out. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(50, 2 ** attempt);
}

/**
 * Conversations in DynamoDB, one item per message ordered by `seq`. Appends are conditional puts:
 * the first message of a write claims its place (and, through `block_end`, the places of the rest),
 * so two requests on one conversation never overwrite each other; the loser retries further on.
 * Expired items are skipped on reads, as DynamoDB deletes them only some time after they expire.
 */
export class ConversationStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #now: () => number;
  readonly #appendAttempts: number;

  constructor(client: DynamoDBDocumentClient, options: ConversationStoreOptions) {
    this.#client = client;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlDays * SECONDS_PER_DAY;
    this.#now = options.now ?? Date.now;
    this.#appendAttempts = options.appendAttempts ?? DEFAULT_APPEND_ATTEMPTS;
  }

  /** The newest `limit` live messages of a conversation, oldest first, and where the next write goes. */
  async recent(conversationId: string, limit: number): Promise<RecentTurns> {
    const newestFirst: StoredItem[] = [];
    let nextSeq: number | undefined;
    let evaluated = 0;
    let startKey: QueryCommandOutput["LastEvaluatedKey"];
    do {
      const page = await this.#query({
        ...this.#keyCondition(conversationId, SUMMARY_SEQ),
        ScanIndexForward: false,
        Limit: limit - evaluated,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      const items = (page.Items ?? []).map((raw) => StoredItemSchema.parse(raw));
      nextSeq ??= items[0] === undefined ? undefined : items[0].block_end + 1;
      evaluated += items.length;
      newestFirst.push(...items.filter((item) => this.#isLive(item.expires_at)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && evaluated < limit);
    return { turns: completeWrites(newestFirst.reverse(), false).map(turnOf), nextSeq: nextSeq ?? 1 };
  }

  /** Live messages after `after`, oldest first, at most `limit` per page. */
  async page(conversationId: string, after: number, limit: number): Promise<TurnPage> {
    const items: StoredItem[] = [];
    let evaluated = 0;
    let startKey: QueryCommandOutput["LastEvaluatedKey"];
    do {
      const page = await this.#query({
        ...this.#keyCondition(conversationId, after),
        ScanIndexForward: true,
        Limit: limit - evaluated,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      const read = (page.Items ?? []).map((raw) => StoredItemSchema.parse(raw));
      evaluated += read.length;
      items.push(...read.filter((item) => this.#isLive(item.expires_at)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && evaluated < limit);
    const lastSeq = startKey?.[MEMORY_KEYS.range];
    const turns = completeWrites(items, typeof lastSeq === "number").map(turnOf);
    return typeof lastSeq === "number" ? { turns, nextAfter: lastSeq } : { turns };
  }

  /**
   * Appends messages as one write starting at `nextSeq` (from `recent`). When another write took
   * that place first, it looks up the new end and tries again; after too many lost races it answers
   * 409 rather than overwrite anything.
   */
  async append(
    conversationId: string,
    messages: readonly ConversationMessage[],
    nextSeq: number,
  ): Promise<StoredTurn[]> {
    const [first, ...rest] = messages;
    if (!first) return [];
    const nowMs = this.#now();
    const stamp = {
      created_at: new Date(nowMs).toISOString(),
      [MEMORY_KEYS.ttl]: Math.floor(nowMs / 1000) + this.#ttlSeconds,
      write_id: randomUUID(),
    };
    let start = nextSeq;
    for (let attempt = 1; ; attempt++) {
      const blockEnd = start + messages.length - 1;
      if (await this.#putIfAbsent(conversationId, start, first, { ...stamp, block_end: blockEnd })) break;
      if (attempt >= this.#appendAttempts)
        throw new ConflictError(
          `The conversation '${conversationId}' kept changing while this turn was being saved; send the turn again.`,
        );
      await sleep(backoffMs(attempt));
      start = (await this.recent(conversationId, 1)).nextSeq;
    }
    const blockEnd = start + messages.length - 1;
    const placed = await Promise.all(
      rest.map((message, index) =>
        this.#putIfAbsent(conversationId, start + 1 + index, message, { ...stamp, block_end: blockEnd }),
      ),
    );
    if (placed.includes(false))
      throw new ConflictError(
        `The conversation '${conversationId}' was changed while this turn was being saved; read it back and send what is missing.`,
      );
    return messages.map((message, index) => ({ seq: start + index, created_at: stamp.created_at, message }));
  }

  /** Deletes every item of a conversation, its summary too; answers how many there were. */
  async forget(conversationId: string): Promise<number> {
    let deleted = 0;
    let startKey: QueryCommandOutput["LastEvaluatedKey"];
    do {
      const page = await this.#query({
        ...this.#keyCondition(conversationId, undefined, true),
        ProjectionExpression: "#seq",
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      const keys = (page.Items ?? []).map((item) => ({
        [MEMORY_KEYS.hash]: conversationId,
        [MEMORY_KEYS.range]: item[MEMORY_KEYS.range] as number,
      }));
      for (let index = 0; index < keys.length; index += BATCH_WRITE_LIMIT) {
        await deleteItems(this.#client, this.#table, keys.slice(index, index + BATCH_WRITE_LIMIT));
      }
      deleted += keys.length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return deleted;
  }

  #isLive(expiresAt: number): boolean {
    return expiresAt * 1000 > this.#now();
  }

  /** A query of one conversation, from `after` on when given; `#seq` names the range key. */
  #keyCondition(conversationId: string, after?: number, namesSeq = after !== undefined): QueryCommandInput {
    return {
      TableName: this.#table,
      KeyConditionExpression: after === undefined ? "#id = :id" : "#id = :id AND #seq > :after",
      // DynamoDB rejects names an expression does not use.
      ExpressionAttributeNames: {
        "#id": MEMORY_KEYS.hash,
        ...(namesSeq ? { "#seq": MEMORY_KEYS.range } : {}),
      },
      ExpressionAttributeValues: {
        ":id": conversationId,
        ...(after === undefined ? {} : { ":after": after }),
      },
      ConsistentRead: true,
    };
  }

  #query(input: QueryCommandInput): Promise<QueryCommandOutput> {
    return guarded("Query", () => this.#client.send(new QueryCommand(input)));
  }

  /**
   * False when the place is taken by another write. A place taken by this very write counts as
   * placed: when the SDK retries a put whose first try succeeded unseen (a timeout), the retry fails
   * its condition, and treating that as a lost race would store the turn twice.
   */
  async #putIfAbsent(
    conversationId: string,
    seq: number,
    message: ConversationMessage,
    attributes: Record<string, string | number> & { write_id: string },
  ): Promise<boolean> {
    const key = { [MEMORY_KEYS.hash]: conversationId, [MEMORY_KEYS.range]: seq };
    try {
      await guarded("PutItem", () =>
        this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...key, ...attributes, message },
            ConditionExpression: "attribute_not_exists(#seq)",
            ExpressionAttributeNames: { "#seq": MEMORY_KEYS.range },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await guarded("GetItem", () =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true })),
    );
    return Item?.write_id === attributes.write_id;
  }
}
