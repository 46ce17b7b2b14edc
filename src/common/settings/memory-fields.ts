import { integerField, optionalUrlField, textField } from "./fields.js";

/** Settings of server-side conversation memory (DynamoDB). */
export const memoryFields = {
  MEMORY_TABLE: textField("aws-openai-memory"),
  /** Set for local or emulated DynamoDB; unset in AWS, where the SDK finds the regional endpoint. */
  DYNAMODB_ENDPOINT: optionalUrlField(),
  MEMORY_TTL_DAYS: integerField(30, 1, 3650),
  /** How many stored messages, newest first, go back to the model with a new turn. */
  MEMORY_MAX_TURNS: integerField(20, 1, 1000),
  /** The same history is cut further to this estimated token count (about four characters a token). */
  MEMORY_MAX_TOKENS: integerField(8_000, 100, 1_000_000),
};
