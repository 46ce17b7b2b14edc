import { z } from "zod";
import { BadRequestError, NotFoundError } from "../../common/errors.js";
import { describeIssues } from "../../common/request/parse-body.js";
import { ConversationIdSchema } from "../../common/request/schemas.js";
import { type JsonReply, jsonReply } from "../../core/reply.js";
import type { ResourceRequest } from "../../core/request.js";
import type { LangchainServices } from "./services.js";

const PageQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function parsed<S extends z.ZodType>(schema: S, value: unknown, field?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = describeIssues(result.error.issues);
  throw new BadRequestError(field ? `${field}: ${detail}` : detail);
}

/**
 * `GET /conversations/{id}` reads the stored turns, oldest first, a page at a time (`?after=<seq>&
 * limit=<n>`; `next_after` leads on); `DELETE /conversations/{id}` forgets them all.
 */
export async function answerConversation(
  request: ResourceRequest,
  services: LangchainServices,
): Promise<JsonReply> {
  const conversationId = parsed(ConversationIdSchema, request.pathParameters.id ?? "", "id");
  const store = services.conversations;
  if (request.method === "DELETE") {
    const deleted = await store.forget(conversationId);
    return jsonReply(200, { conversation_id: conversationId, deleted });
  }
  const { after, limit } = parsed(PageQuerySchema, request.query);
  const page = await store.page(conversationId, after, limit);
  if (page.turns.length === 0 && after === 0)
    throw new NotFoundError(`There is no stored conversation '${conversationId}'.`);
  return jsonReply(200, {
    conversation_id: conversationId,
    turns: page.turns.map(({ seq, created_at, message }) => ({ seq, created_at, ...message })),
    ...(page.nextAfter !== undefined ? { next_after: page.nextAfter } : {}),
  });
}
