import type { Annotations, Tracing } from "../../services/tracing.js";
import { type DynamoDbCaller, isConditionFailure } from "./dynamodb-client.js";

function tableOf(input: Record<string, unknown>): Annotations {
  const table = input["TableName"];
  return typeof table === "string" ? { table } : {};
}

type Outcome = { output: Record<string, unknown> } | { conditionFailed: unknown };

/**
 * The caller with each operation a subsegment named after it (`DynamoDB.UpdateItem`), annotated with
 * its table. A condition that did not hold is DynamoDB's answer (a budget refusing), not a failed
 * call: its subsegment is not marked as one, and the caller still gets the error.
 */
export function tracedDynamoDb(caller: DynamoDbCaller, tracing: Tracing): DynamoDbCaller {
  return {
    async send(operation, input) {
      const outcome = await tracing.traced<Outcome>(
        `DynamoDB.${operation}`,
        async () => {
          try {
            return { output: await caller.send(operation, input) };
          } catch (error) {
            if (isConditionFailure(error)) return { conditionFailed: error };
            throw error;
          }
        },
        tableOf(input),
      );
      if ("conditionFailed" in outcome) throw outcome.conditionFailed;
      return outcome.output;
    },
  };
}
