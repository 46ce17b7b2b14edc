import { integerField, optionalUrlField, textField } from "./fields.js";

/** Settings of server-side conversation memory (DynamoDB). */
export const memoryFields = {
  MEMORY_TABLE: textField("aws-openai-memory"),
  DYNAMODB_ENDPOINT: optionalUrlField(),
  MEMORY_TTL_DAYS: integerField(30, 1, 3650),
  MEMORY_MAX_TURNS: integerField(20, 1, 1000),
};
