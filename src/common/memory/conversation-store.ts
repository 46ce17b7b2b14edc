import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import { BadRequestError } from "../errors.js";
import { BATCH_WRITE_LIMIT, deleteItems } from "./batch-delete.js";
import { completeWrites } from "./complete-writes.js";
import { guarded } from "./errors.js";
import {
  isTurnItem,
  type MessageItem,
  type StoredItem,
  StoredItemSchema,
  type StoredTurn,
  turnsOf,
  type WrittenTurn,
} from "./stored-turn.js";
import { MEMORY_KEYS } from "./table.js";

export interface ConversationStoreOptions {
  tableName: string;
  /** Milliseconds since the epoch; tests move it to check expiry. */
  now?: () => number;
}

export interface RecentTurns {
  /** Oldest first. */
  turns: StoredTurn[];
  /** Where the next turn goes; putting it there fails only if another write got in first. */
  nextSeq: number;
}

export interface TurnPage {
  turns: StoredTurn[];
  /** Pass as `after` to read on; absent on the last page. */
  nextAfter?: number;
}

/**
 * The messages of conversations in DynamoDB, by `seq`. A turn item is visible once its summary has
 * counted it (`lastSeq`, the last place the summary counts; see ConversationDirectory): a turn put
 * by a process that died before counting it stays out of every read until the next turn counts it.
 * Items of the earlier layout (a message each) are read with the rule of `completeWrites`.
 * Expired items are skipped, as DynamoDB deletes them only some time after they expire.
 */
export class ConversationStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => number;

  constructor(client: DynamoDBDocumentClient, options: ConversationStoreOptions) {
    this.#client = client;
    this.#table = options.tableName;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The newest `limit` items' messages, oldest first, and where the next turn goes: after the last
   * counted place, or (a conversation no turn item has been counted in yet) after the newest item.
   */
  async recent(conversationId: string, limit: number, lastSeq: number | undefined): Promise<RecentTurns> {
    const newestFirst: StoredItem[] = [];
    let evaluated = 0;
    let startKey: QueryCommandOutput["LastEvaluatedKey"];
    do {
      const page = await this.#query({
        ...this.#range(conversationId, 1, lastSeq),
        ScanIndexForward: false,
        Limit: limit - evaluated,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      const items = (page.Items ?? []).map((raw) => StoredItemSchema.parse(raw));
      evaluated += items.length;
      newestFirst.push(...items);
      startKey = page.LastEvaluatedKey;
    } while (startKey && evaluated < limit);
    const newest = newestFirst[0];
    const after = newest === undefined ? 0 : isTurnItem(newest) ? newest.seq - 1 : newest.block_end;
    return {
      turns: this.#visible(newestFirst.reverse(), lastSeq, false).flatMap(turnsOf),
      nextSeq: (lastSeq ?? after) + 1,
    };
  }

  /** Visible messages after `after`, oldest first, whole turns of at most `limit` messages a page. */
  async page(
    conversationId: string,
    after: number,
    limit: number,
    lastSeq: number | undefined,
  ): Promise<TurnPage> {
    const turns = await this.#straddling(conversationId, after, lastSeq);
    let startKey: QueryCommandOutput["LastEvaluatedKey"];
    do {
      if (lastSeq !== undefined && after + 1 > lastSeq) break;
      const page = await this.#query({
        ...this.#range(conversationId, after + 1, lastSeq),
        ScanIndexForward: true,
        Limit: limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      startKey = page.LastEvaluatedKey;
      const items = (page.Items ?? []).map((raw) => StoredItemSchema.parse(raw));
      for (const item of this.#visible(items, lastSeq, startKey !== undefined)) {
        const messages = turnsOf(item);
        if (turns.length > 0 && turns.length + messages.length > limit)
          return { turns, nextAfter: turns[turns.length - 1]?.seq ?? after };
        turns.push(...messages);
      }
      const lastRead = startKey?.[MEMORY_KEYS.range];
      if (typeof lastRead === "number") after = lastRead;
    } while (startKey && turns.length < limit);
    return startKey ? { turns, nextAfter: turns[turns.length - 1]?.seq ?? after } : { turns };
  }

  /**
   * Puts a whole turn at its place unless that place is taken. A place taken by this very write
   * counts as placed: when the SDK retries a put whose first try succeeded unseen (a timeout), the
   * retry fails its condition, and treating that as a lost race would store the turn twice.
   */
  async putTurn(conversationId: string, item: WrittenTurn): Promise<boolean> {
    try {
      await guarded("PutItem", () =>
        this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...item, [MEMORY_KEYS.hash]: conversationId },
            ConditionExpression: "attribute_not_exists(#seq)",
            ExpressionAttributeNames: { "#seq": MEMORY_KEYS.range },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return (await this.itemAt(conversationId, item.seq))?.write_id === item.write_id;
  }

  /** The item that holds a place, if any. */
  async itemAt(conversationId: string, seq: number): Promise<StoredItem | undefined> {
    const { Item } = await guarded("GetItem", () =>
      this.#client.send(
        new GetCommand({
          TableName: this.#table,
          Key: { [MEMORY_KEYS.hash]: conversationId, [MEMORY_KEYS.range]: seq },
          ConsistentRead: true,
        }),
      ),
    );
    return Item === undefined ? undefined : StoredItemSchema.parse(Item);
  }

  /** Deletes every item of a conversation, its summary too; answers how many there were. */
  async forget(conversationId: string): Promise<number> {
    let deleted = 0;
    let startKey: QueryCommandOutput["LastEvaluatedKey"];
    do {
      const page = await this.#query({
        ...this.#range(conversationId, 0, undefined),
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

  /**
   * Deletes the items after place `after`, which must end a turn (an answer's place): an edited or
   * regenerated turn replaces them. Answers how many turns went (a turn item each; of the earlier
   * layout, each user message); the caller then moves the summary's `last_seq` back to `after`.
   */
  async forgetAfter(conversationId: string, after: number): Promise<number> {
    const { Items } = await this.#query({
      ...this.#range(conversationId, 1, after),
      ScanIndexForward: false,
      Limit: 1,
    });
    const [ending] = (Items ?? []).map((raw) => StoredItemSchema.parse(raw));
    if (ending?.block_end !== after)
      throw new BadRequestError(`after: place ${after} does not end a turn; pass the seq of an answer`);
    let turns = 0;
    let startKey: QueryCommandOutput["LastEvaluatedKey"];
    do {
      const page = await this.#query({
        ...this.#range(conversationId, after + 1, undefined),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      const items = (page.Items ?? []).map((raw) => StoredItemSchema.parse(raw));
      const keys = items.map((item) => ({
        [MEMORY_KEYS.hash]: conversationId,
        [MEMORY_KEYS.range]: item.seq,
      }));
      for (let index = 0; index < keys.length; index += BATCH_WRITE_LIMIT) {
        await deleteItems(this.#client, this.#table, keys.slice(index, index + BATCH_WRITE_LIMIT));
      }
      turns += items.filter((item) => isTurnItem(item) || item.message.role === "user").length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return turns;
  }

  /** The messages after `after` of a turn that begins at or before it (a page asked to start mid-turn). */
  async #straddling(
    conversationId: string,
    after: number,
    lastSeq: number | undefined,
  ): Promise<StoredTurn[]> {
    if (after < 1) return [];
    const { Items } = await this.#query({
      ...this.#range(conversationId, 1, Math.min(after, lastSeq ?? after)),
      ScanIndexForward: false,
      Limit: 1,
    });
    const items = (Items ?? []).map((raw) => StoredItemSchema.parse(raw)).filter(isTurnItem);
    return this.#visible(items, lastSeq, false)
      .flatMap(turnsOf)
      .filter((turn) => turn.seq > after);
  }

  /** What readers see of a window of items, in its order: counted turns, whole earlier-layout writes. */
  #visible(items: readonly StoredItem[], lastSeq: number | undefined, cutAbove: boolean): StoredItem[] {
    const live = items.filter((item) => item[MEMORY_KEYS.ttl] * 1000 > this.#now());
    const earlier = new Set<StoredItem>(
      completeWrites(
        live.filter((item): item is MessageItem => !isTurnItem(item)),
        cutAbove,
      ),
    );
    return live.filter((item) =>
      isTurnItem(item) ? lastSeq !== undefined && item.block_end <= lastSeq : earlier.has(item),
    );
  }

  /** A query of one conversation's places `from … to` (to the end when `to` is undefined). */
  #range(conversationId: string, from: number, to: number | undefined): QueryCommandInput {
    return {
      TableName: this.#table,
      KeyConditionExpression:
        to === undefined ? "#id = :id AND #seq >= :from" : "#id = :id AND #seq BETWEEN :from AND :to",
      ExpressionAttributeNames: { "#id": MEMORY_KEYS.hash, "#seq": MEMORY_KEYS.range },
      ExpressionAttributeValues: {
        ":id": conversationId,
        ":from": from,
        ...(to === undefined ? {} : { ":to": to }),
      },
      ConsistentRead: true,
    };
  }

  #query(input: QueryCommandInput): Promise<QueryCommandOutput> {
    return guarded("Query", () => this.#client.send(new QueryCommand(input)));
  }
}
