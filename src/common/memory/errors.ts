import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { HttpError } from "../errors.js";

/** DynamoDB failed (unreachable, throttled, misconfigured): the service is degraded, not buggy. */
export class ConversationStoreError extends HttpError {
  readonly statusCode = 503;
  readonly type = "memory_unavailable";

  override get publicMessage(): string {
    return "The conversation store is not available right now. Try again shortly.";
  }
}

/** Runs one DynamoDB call; failures other than a failed write condition become a 503. */
export async function guarded<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConversationStoreError(`DynamoDB ${operation} failed: ${detail}`, { cause: error });
  }
}
