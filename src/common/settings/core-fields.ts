import * as z from "../zod.js";
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
  textListField,
} from "./fields.js";

/**
 * Settings every handler and the local server share. Each one's metadata in `z.globalRegistry` is its
 * row in README's settings table (`npm run docs:settings`); `unset` says what an optional setting left
 * unset means.
 */
export const coreFields = {
  OPENAI_API_KEY: secretField().register(z.globalRegistry, {
    description: "OpenAI key",
    unset: "offline model",
  }),
  OPENAI_BASE_URL: optionalUrlField().register(z.globalRegistry, {
    description: "Any OpenAI-compatible server",
    unset: "OpenAI",
  }),
  OPENAI_ORGANIZATION: optionalTextField().register(z.globalRegistry, {
    description: "OpenAI organization id",
  }),
  OPENAI_MODEL: textField("gpt-4o-mini").register(z.globalRegistry, {
    description: "Default model of every app and request",
  }),
  ALLOWED_MODELS: textListField().register(z.globalRegistry, {
    description:
      "Upstream models `/v1/chat/completions` passes through, comma-separated; empty: any (apps are always models)",
  }),
  // API Gateway stops waiting at 29 s; answering 504 ourselves first gives the client a real error body.
  OPENAI_TIMEOUT_MS: integerField(25_000, 1_000, 28_000).register(z.globalRegistry, {
    description:
      "Time for an answer sent whole, every retry and tool round included (below API Gateway's 29 s); 504 after",
  }),
  // Below the default stream integration timeout (300 s), so the stream ends with an error event first.
  OPENAI_STREAM_TIMEOUT_MS: integerField(290_000, 1_000, 890_000).register(z.globalRegistry, {
    description:
      "Time for a streamed answer, every retry and tool round included (below the stream integration's timeout)",
  }),
  OPENAI_MAX_RETRIES: integerField(2, 0, 10).register(z.globalRegistry, {
    description: "Retries on connection errors, 429 and 5xx, while the request's time lasts",
  }),
  API_KEYS: secretListField().register(z.globalRegistry, {
    description: "Comma-separated keys; when set, `x-api-key` (or `Authorization: Bearer`) is required",
  }),
  CORS_ALLOW_ORIGIN: originField("*").register(z.globalRegistry, {
    description: "`Access-Control-Allow-Origin` of every answer and preflight (`*` or one origin)",
  }),
  LEGACY_CLIENT_COMPAT: booleanField(false).register(z.globalRegistry, {
    description:
      "Add `body` (and `body.chat_memory.messages` for langchain) next to non-streamed `/examples` answers, for the earlier React client",
  }),
  THROTTLE_SETTINGS_RATE_LIMIT: numberField(10, 0.001, 1_000_000).register(z.globalRegistry, {
    description: "Requests per second per key (token bucket rate)",
  }),
  THROTTLE_SETTINGS_BURST_LIMIT: integerField(5, 1, 1_000_000).register(z.globalRegistry, {
    description: "Token bucket size",
  }),
  QUOTA_SETTINGS_LIMIT: integerField(500, 1, 1_000_000_000).register(z.globalRegistry, {
    description: "Requests per key per period",
  }),
  QUOTA_SETTINGS_PERIOD: enumField(["DAY", "WEEK", "MONTH"] as const, "DAY").register(z.globalRegistry, {
    description: "Quota period: `DAY`, `WEEK` or `MONTH`",
  }),
  // API Gateway's own payload limit.
  MAX_BODY_BYTES: integerField(10 * 1024 * 1024, 1024, 100 * 1024 * 1024).register(z.globalRegistry, {
    description: "Largest request body (413 above)",
  }),
  PORT: integerField(3000, 0, 65_535).register(z.globalRegistry, {
    description: "Port the local server listens on",
  }),
  HOST: textField("127.0.0.1").register(z.globalRegistry, {
    description: "Address the local server listens on",
  }),
  PUBLIC_HOSTS: textField("").register(z.globalRegistry, {
    description:
      "Local server without `API_KEYS`: host names, comma-separated, it answers besides loopback and `HOST`",
  }),
  HEADERS_TIMEOUT_MS: integerField(10_000, 1000, 120_000).register(z.globalRegistry, {
    description: "Local server: time a client has to send the request headers (408 after)",
  }),
  REQUEST_TIMEOUT_MS: integerField(60_000, 1000, 600_000).register(z.globalRegistry, {
    description: "Local server: time a client has to send the whole request, body included (408 after)",
  }),
  MAX_CONNECTIONS: integerField(512, 1, 100_000).register(z.globalRegistry, {
    description: "Local server: open connections at most; further ones are refused",
  }),
  DATA_DIR: textField(".data").register(z.globalRegistry, { description: "Local state (conversations)" }),
  LOG_LEVEL: enumField(["DEBUG", "INFO", "WARN", "ERROR", "SILENT"] as const, "INFO").register(
    z.globalRegistry,
    {
      description: "`DEBUG`, `INFO`, `WARN`, `ERROR` or `SILENT`",
    },
  ),
  DEBUG_MODE: booleanField(false).register(z.globalRegistry, {
    description: "Log at DEBUG level whatever `LOG_LEVEL` says (request and response sizes, never headers)",
  }),
  TRACING: booleanField(false).register(z.globalRegistry, {
    description:
      "Lambda: send X-Ray subsegments of each model call and DynamoDB operation (the function needs active tracing)",
  }),
  SHARED_RESOURCE_IDENTIFIER: textField("aws-openai").register(z.globalRegistry, {
    description: "Prefix of every AWS resource name",
  }),
  AWS_REGION: textField("us-east-1").register(z.globalRegistry, { description: "AWS region" }),
  // Inside Lambda the info handler always asks AWS about the deployment.
  INFO_QUERY_AWS: booleanField(false).register(z.globalRegistry, {
    description: "Let `/info` query AWS outside Lambda too",
  }),
};
