import { HttpError } from "../errors.js";

/** DynamoDB failed (unreachable, throttled, misconfigured): the service is degraded, not buggy. */
export class ConversationStoreError extends HttpError {
  readonly statusCode = 503;
  readonly type = "memory_unavailable";

  override get publicMessage(): string {
    return "The conversation store is not available right now. Try again shortly.";
  }
}
