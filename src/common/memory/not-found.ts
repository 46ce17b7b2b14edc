import { NotFoundError } from "../errors.js";

/** The one answer for a conversation that does not exist or is another caller's, so ids cannot be probed. */
export function notFound(conversationId: string): NotFoundError {
  return new NotFoundError(`There is no stored conversation '${conversationId}'.`);
}
