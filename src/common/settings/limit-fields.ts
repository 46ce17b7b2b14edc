import { DEFAULT_REQUEST_LIMITS as DEFAULTS } from "../request/limits.js";
import * as z from "../zod.js";
import { integerField } from "./fields.js";

/**
 * What one request body may hold (docs/hardening.md); metadata as in core-fields. The upper bounds
 * keep the check before the parse cheap: more tokens or key characters than these block the event
 * loop for tens of milliseconds at the default MAX_BODY_BYTES.
 */
export const limitFields = {
  MAX_MESSAGES: integerField(DEFAULTS.MAX_MESSAGES, 1, 10_000).register(z.globalRegistry, {
    description: "Messages of a chat body, and entries of its `chat_history` (400 above)",
  }),
  MAX_MESSAGE_CHARS: integerField(DEFAULTS.MAX_MESSAGE_CHARS, 1, 10_000_000).register(z.globalRegistry, {
    description:
      "Characters of one message's text, text part, tool call arguments or `input_text` (400 above)",
  }),
  MAX_TOOLS: integerField(DEFAULTS.MAX_TOOLS, 0, 1_000).register(z.globalRegistry, {
    description: "Tools of a chat body (400 above)",
  }),
  MAX_BODY_TOKENS: integerField(DEFAULTS.MAX_BODY_TOKENS, 1_000, 1_000_000).register(z.globalRegistry, {
    description:
      "JSON tokens of a body (strings, objects, arrays, separators), counted before parsing (413 above)",
  }),
  MAX_BODY_ESCAPES: integerField(DEFAULTS.MAX_BODY_ESCAPES, 0, 10_000_000).register(z.globalRegistry, {
    description: "Escapes in all strings of a body together, counted before parsing (413 above)",
  }),
  MAX_BODY_KEY_CHARS: integerField(DEFAULTS.MAX_BODY_KEY_CHARS, 100, 2_000_000).register(z.globalRegistry, {
    description: "Characters of all object keys of a body together, counted before parsing (413 above)",
  }),
  MAX_BODY_DEPTH: integerField(DEFAULTS.MAX_BODY_DEPTH, 8, 256).register(z.globalRegistry, {
    description: "Nesting of objects and arrays in a body (400 above)",
  }),
};
