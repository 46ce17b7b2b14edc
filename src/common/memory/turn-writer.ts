import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ConflictError } from "../errors.js";
import type { ConversationDirectory } from "./conversation-directory.js";
import type { ConversationStore } from "./conversation-store.js";
import { notFound } from "./not-found.js";
import { type ConversationMessage, isTurnItem, type WrittenTurn, writtenTurn } from "./stored-turn.js";
import { MEMORY_KEYS } from "./table.js";

export interface TurnWriterOptions {
  ttlDays: number;
  now?: () => number;
  /** How often a turn looks for a free place after losing a race; beyond that it answers 409. */
  appendAttempts?: number;
}

/** Whose turn it is and where: the caller's owner id and the app slug (or passthrough route) it runs. */
export interface TurnOwner {
  owner: string;
  app: string;
}

const SECONDS_PER_DAY = 86_400;
/** Enough for 24 writers racing on one conversation: each lost race means another writer won. */
const DEFAULT_APPEND_ATTEMPTS = 25;

/** A random wait that grows with each attempt, so racing writers spread out. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(50, 2 ** attempt);
}

/**
 * Stores a turn with two single-item writes, as DynamoDB Local and dynalite have no transactions:
 * the whole turn in one item at the next free place (conditional put), then its count in the summary
 * (conditional update). Readers see a turn item only once the summary counts it, so the messages and
 * the count agree at every moment, and a process killed between the two writes leaves a turn nobody
 * sees. The next writer finds that place taken, counts the turn it finds there, and goes after it.
 */
export class TurnWriter {
  readonly #store: ConversationStore;
  readonly #directory: ConversationDirectory;
  readonly #ttlSeconds: number;
  readonly #now: () => number;
  readonly #attempts: number;

  constructor(store: ConversationStore, directory: ConversationDirectory, options: TurnWriterOptions) {
    this.#store = store;
    this.#directory = directory;
    this.#ttlSeconds = options.ttlDays * SECONDS_PER_DAY;
    this.#now = options.now ?? Date.now;
    this.#attempts = options.appendAttempts ?? DEFAULT_APPEND_ATTEMPTS;
  }

  /**
   * Stores `messages` (the request's turns and the answer) as one turn, from `nextSeq` (from
   * `recent`) on. A conversation another caller has claimed meanwhile answers 404; one that keeps
   * changing under it, 409, rather than overwrite anything.
   */
  async append(
    conversationId: string,
    messages: readonly ConversationMessage[],
    nextSeq: number,
    by: TurnOwner,
  ): Promise<void> {
    const nowMs = this.#now();
    const stamp = {
      created_at: new Date(nowMs).toISOString(),
      [MEMORY_KEYS.ttl]: Math.floor(nowMs / 1000) + this.#ttlSeconds,
      write_id: randomUUID(),
      written_by: by.owner,
      app: by.app,
      messages: [...messages],
    };
    let seq = nextSeq;
    for (let attempt = 1; ; attempt++) {
      const item: WrittenTurn = {
        [MEMORY_KEYS.hash]: conversationId,
        ...stamp,
        [MEMORY_KEYS.range]: seq,
        block_end: seq + messages.length - 1,
      };
      if (await this.#store.putTurn(conversationId, item)) {
        const outcome = await this.#directory.count(conversationId, item);
        if (outcome === "counted") return;
        if (outcome === "foreign") throw notFound(conversationId);
        throw new ConflictError(
          `The conversation '${conversationId}' was changed while this turn was being saved; read it back and send the turn again.`,
        );
      }
      if (attempt >= this.#attempts)
        throw new ConflictError(
          `The conversation '${conversationId}' kept changing while this turn was being saved; send the turn again.`,
        );
      seq = await this.#placeAfter(conversationId, seq, by.owner);
      await sleep(backoffMs(attempt));
    }
  }

  /**
   * Where to try next once `taken` turned out to be occupied: the turn found there is counted first
   * (its writer may have died before counting it, and until it is counted no later turn can be),
   * then the next place after what the summary counts.
   */
  async #placeAfter(conversationId: string, taken: number, owner: string): Promise<number> {
    const found = await this.#store.itemAt(conversationId, taken);
    if (found && isTurnItem(found)) await this.#directory.count(conversationId, writtenTurn(found));
    const state = await this.#directory.state(conversationId);
    if (state.owner !== undefined && state.owner !== owner) throw notFound(conversationId);
    if (state.lastSeq !== undefined) return state.lastSeq + 1;
    return (await this.#store.recent(conversationId, 1, undefined)).nextSeq;
  }
}
