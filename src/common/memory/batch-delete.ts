import { setTimeout as sleep } from "node:timers/promises";
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { ConversationStoreError, guarded } from "./errors.js";

/** DynamoDB takes at most 25 writes in one BatchWriteItem. */
export const BATCH_WRITE_LIMIT = 25;
const BATCH_WRITE_ATTEMPTS = 5;
const UNPROCESSED_RETRY_MS = 10;

type WriteRequests = NonNullable<BatchWriteCommandInput["RequestItems"]>[string];

/** Deletes up to 25 items by key, sending again what DynamoDB leaves unprocessed (under throttling). */
export async function deleteItems(
  client: DynamoDBDocumentClient,
  table: string,
  keys: Record<string, string | number>[],
): Promise<void> {
  let requests: WriteRequests = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 1; requests.length > 0; attempt++) {
    if (attempt > BATCH_WRITE_ATTEMPTS)
      throw new ConversationStoreError(`DynamoDB left ${requests.length} deletes unprocessed`);
    if (attempt > 1) await sleep(UNPROCESSED_RETRY_MS * 2 ** attempt);
    const output = await guarded("BatchWriteItem", () =>
      client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } })),
    );
    requests = output.UnprocessedItems?.[table] ?? [];
  }
}
