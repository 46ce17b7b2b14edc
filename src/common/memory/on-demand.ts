import type { Settings } from "../settings/index.js";
import type { Conversations } from "./index.js";

/** The conversation store of one cold start, built when a request first needs it. */
export type ConversationsOnDemand = () => Promise<Conversations>;

/**
 * Loads the DynamoDB client and the store on first use: most requests of openai_v2 and
 * openai_function name no conversation, and their cold start should not pay for the AWS SDK. A
 * failed load is tried again by the next request.
 */
export function conversationsOnDemand(settings: Settings): ConversationsOnDemand {
  let loading: Promise<Conversations> | undefined;
  return () => {
    loading ??= import("./index.js")
      .then(({ createConversations, createDynamoClient }) =>
        createConversations(createDynamoClient(settings), settings),
      )
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
}
