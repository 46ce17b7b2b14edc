import type { RequestLimits } from "./limits.js";
import { type OpenAIChatRequestSchema, openAIChatRequestSchema } from "./openai-schema.js";
import {
  type AppRequestSchema,
  appRequestSchema,
  type ChatRequestSchema,
  chatRequestSchema,
} from "./schemas.js";

/**
 * A function's request schemas under its settings' limits: part of its services, so built once per
 * cold start, each on its first use (a function builds only the schemas of the bodies it reads).
 */
export interface RequestSchemas {
  readonly limits: RequestLimits;
  /** The full chat-completion body of the passthrough routes. */
  readonly chat: ChatRequestSchema;
  /** The body of an app route. */
  readonly app: AppRequestSchema;
  /** OpenAI's chat-completion body, on `/v1`. */
  readonly openAI: OpenAIChatRequestSchema;
}

export function requestSchemas(limits: RequestLimits): RequestSchemas {
  let chat: ChatRequestSchema | undefined;
  let app: AppRequestSchema | undefined;
  let openAI: OpenAIChatRequestSchema | undefined;
  return {
    limits,
    get chat() {
      chat ??= chatRequestSchema(limits);
      return chat;
    },
    get app() {
      app ??= appRequestSchema(limits);
      return app;
    },
    get openAI() {
      openAI ??= openAIChatRequestSchema(limits);
      return openAI;
    },
  };
}
