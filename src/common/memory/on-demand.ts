import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Tracing } from "../../services/tracing.js";
import type { Settings } from "../settings/index.js";
import type { Conversations } from "./index.js";

/** The conversation store of one cold start, built when a request first needs it. */
export type ConversationsOnDemand = () => Promise<Conversations>;

/**
 * Loads the DynamoDB client and the store on first use: most requests name no conversation, and a
 * cold start should not pay for the AWS SDK (the bundle keeps it in a chunk of its own,
 * scripts/package-bundle.ts). `dynamo` is a client the caller owns (and traces, if it wants), else
 * the settings' one is made, its calls traced. A failed load is tried again by the next request.
 */
export function conversationsOnDemand(
  settings: Settings,
  tracing: Tracing,
  dynamo?: DynamoDBClient,
): ConversationsOnDemand {
  let loading: Promise<Conversations> | undefined;
  return () => {
    loading ??= import("./index.js")
      .then(async ({ createConversations, createDynamoClient }) =>
        createConversations(dynamo ?? (await tracing.captured(createDynamoClient(settings))), settings),
      )
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
}
