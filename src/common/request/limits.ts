/**
 * What one request body may hold, before and after it is parsed. The settings of the same names
 * (src/common/settings/limit-fields.ts) default to these; the OpenAPI document states them.
 */
export interface RequestLimits {
  /** Messages of a chat body, and entries of its chat_history. */
  MAX_MESSAGES: number;
  /** Characters of one message's text: its content, a text part, tool call arguments, input_text. */
  MAX_MESSAGE_CHARS: number;
  /** Tools a chat body offers the model. */
  MAX_TOOLS: number;
  /** JSON tokens of the whole body (strings, objects, arrays, separators), counted before the parse. */
  MAX_BODY_TOKENS: number;
  /** Escapes in all of the body's strings together. */
  MAX_BODY_ESCAPES: number;
  /** Characters of all of the body's object keys together. */
  MAX_BODY_KEY_CHARS: number;
  /** Nesting of objects and arrays. */
  MAX_BODY_DEPTH: number;
}

export type BodyCostLimits = Pick<
  RequestLimits,
  "MAX_BODY_TOKENS" | "MAX_BODY_ESCAPES" | "MAX_BODY_KEY_CHARS" | "MAX_BODY_DEPTH"
>;

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  MAX_MESSAGES: 500,
  MAX_MESSAGE_CHARS: 100_000,
  // OpenAI's own limit.
  MAX_TOOLS: 128,
  // More than any real request has (500 messages, 128 tools with their schemas), and few enough that
  // parsing and validating a body costs milliseconds: parsing costs by the value, not by the byte.
  MAX_BODY_TOKENS: 50_000,
  // Code pasted into messages has many.
  MAX_BODY_ESCAPES: 200_000,
  // The parse hashes each key, so long keys cost more than text.
  MAX_BODY_KEY_CHARS: 200_000,
  // Deeper than any real request (tools' JSON schemas included). Deeper bodies parse fine but later
  // overflow the stack of recursive code (JSON.stringify in the SDK), which would answer 500.
  MAX_BODY_DEPTH: 64,
};
