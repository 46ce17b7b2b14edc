import { ownedConversation } from "../../common/conversation/ownership.js";
import { BadRequestError } from "../../common/errors.js";
import { notFound } from "../../common/memory/not-found.js";
import { describeIssues } from "../../common/request/parse-body.js";
import { ConversationIdSchema } from "../../common/request/schemas.js";
import * as z from "../../common/zod.js";
import { ownerOf } from "../../core/caller.js";
import { type JsonReply, jsonReply } from "../../core/reply.js";
import type { ResourceRequest } from "../../core/request.js";
import type { LangchainServices } from "./services.js";

const PageQuerySchema = z.object({
  after: z._default(z.coerce.number().check(z.int(), z.gte(0)), 0),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
});

/** `DELETE ?after=<seq>` keeps the messages up to `seq` and forgets the later ones. */
const CutQuerySchema = z.object({ after: z.optional(z.coerce.number().check(z.int(), z.gte(1))) });

const ListQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

function parsed<S extends z.ZodMiniType>(schema: S, value: unknown, field?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = describeIssues(result.error.issues);
  throw new BadRequestError(field ? `${field}: ${detail}` : detail);
}

/**
 * `GET /conversations` lists the caller's conversations, most recently updated first
 * (`?limit=<n>&cursor=<next_cursor>`). `GET /conversations/{id}` reads one's stored turns, oldest
 * first, a page at a time (`?after=<seq>&limit=<n>`; `next_after` leads on); `DELETE` forgets it
 * (204), or with `?after=<seq>` only its messages after that one, as an edit or a regenerated answer
 * replaces them. Only the caller who owns a conversation sees it; to anyone else it does not exist.
 */
export async function answerConversation(
  request: ResourceRequest,
  services: LangchainServices,
): Promise<JsonReply> {
  const owner = ownerOf(request.caller);
  const conversations = await services.conversations();
  const { store, directory } = conversations;
  if (request.pathParameters.id === undefined) {
    const { limit, cursor } = parsed(ListQuerySchema, request.query);
    return jsonReply(200, await directory.list(owner, limit, cursor));
  }
  const conversationId = parsed(ConversationIdSchema, request.pathParameters.id, "id");
  if (request.method === "DELETE") {
    const { after } = parsed(CutQuerySchema, request.query);
    const { lastSeq } = await ownedConversation(conversations, conversationId, owner, false);
    if (after === undefined) await store.forget(conversationId);
    else if (lastSeq === undefined || after < lastSeq)
      await directory.cutTo(conversationId, after, await store.forgetAfter(conversationId, after));
    return jsonReply(204, null);
  }
  const { after, limit } = parsed(PageQuerySchema, request.query);
  const { lastSeq } = await ownedConversation(conversations, conversationId, owner, false);
  const page = await store.page(conversationId, after, limit, lastSeq);
  if (page.turns.length === 0 && after === 0) throw notFound(conversationId);
  return jsonReply(200, {
    conversation_id: conversationId,
    turns: page.turns.map(({ seq, created_at, message }) => ({ seq, created_at, ...message })),
    ...(page.nextAfter !== undefined ? { next_after: page.nextAfter } : {}),
  });
}
