import {
  booleanField,
  enumField,
  integerField,
  numberField,
  optionalTextField,
  optionalUrlField,
  originField,
  secretField,
  secretListField,
  textField,
} from "./fields.js";

/** Settings every handler and the local server share. */
export const coreFields = {
  OPENAI_API_KEY: secretField(),
  OPENAI_BASE_URL: optionalUrlField(),
  OPENAI_ORGANIZATION: optionalTextField(),
  OPENAI_MODEL: textField("gpt-4o-mini"),
  // API Gateway stops waiting at 29 s; answering 504 ourselves first gives the client a real error body.
  OPENAI_TIMEOUT_MS: integerField(25_000, 1_000, 900_000),
  OPENAI_MAX_RETRIES: integerField(2, 0, 10),
  API_KEYS: secretListField(),
  CORS_ALLOW_ORIGIN: originField("*"),
  THROTTLE_SETTINGS_RATE_LIMIT: numberField(10, 0.001, 1_000_000),
  THROTTLE_SETTINGS_BURST_LIMIT: integerField(5, 1, 1_000_000),
  QUOTA_SETTINGS_LIMIT: integerField(500, 1, 1_000_000_000),
  QUOTA_SETTINGS_PERIOD: enumField(["DAY", "WEEK", "MONTH"] as const, "DAY"),
  // API Gateway's own payload limit.
  MAX_BODY_BYTES: integerField(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  PORT: integerField(3000, 0, 65_535),
  HOST: textField("127.0.0.1"),
  DATA_DIR: textField(".data"),
  LOG_LEVEL: enumField(["DEBUG", "INFO", "WARN", "ERROR", "SILENT"] as const, "INFO"),
  DEBUG_MODE: booleanField(false),
  SHARED_RESOURCE_IDENTIFIER: textField("aws-openai"),
  AWS_REGION: textField("us-east-1"),
  // The info handler asks AWS about the deployment inside Lambda; set this to ask from elsewhere too.
  INFO_QUERY_AWS: booleanField(false),
};
