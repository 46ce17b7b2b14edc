import * as z from "../zod.js";
import { integerField, optionalUrlField, textField } from "./fields.js";

/** Settings of server-side conversation memory (DynamoDB); metadata as in core-fields. */
export const memoryFields = {
  MEMORY_TABLE: textField("aws-openai-memory").register(z.globalRegistry, {
    description: "DynamoDB table of server-side conversations",
  }),
  DYNAMODB_ENDPOINT: optionalUrlField().register(z.globalRegistry, {
    description: "Local or emulated DynamoDB",
    unset: "AWS",
  }),
  MEMORY_TTL_DAYS: integerField(30, 1, 3650).register(z.globalRegistry, {
    description: "Days a conversation is kept",
  }),
  MEMORY_MAX_TURNS: integerField(20, 1, 1000).register(z.globalRegistry, {
    description: "Stored messages, newest first, that go back to the model with a new turn",
  }),
  MEMORY_MAX_TOKENS: integerField(8_000, 100, 1_000_000).register(z.globalRegistry, {
    description: "Estimated tokens (about four characters each) that history is further cut to",
  }),
};
