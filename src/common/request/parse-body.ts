import type { z } from "zod/mini";
import { BadRequestError, PayloadTooLargeError } from "../errors.js";
import type { BodyCostLimits } from "./limits.js";

/** Problems named in a 400: enough to fix the request, never a message as large as the body. */
const MAX_ISSUES_SHOWN = 5;
/** Unknown keys named per problem, each cut at MAX_KEY_SHOWN characters. */
const MAX_KEYS_SHOWN = 5;
const MAX_KEY_SHOWN = 40;

function shortKey(key: string): string {
  return JSON.stringify(key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}...` : key);
}

function andMore(shown: string[], total: number): string {
  return total > shown.length ? `${shown.join(", ")} and ${total - shown.length} more` : shown.join(", ");
}

function issueMessage(issue: z.core.$ZodIssue): string {
  // zod lists every unknown key in the message: for a hostile body, megabytes of them.
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.slice(0, MAX_KEYS_SHOWN).map(shortKey);
    return `Unrecognized ${issue.keys.length === 1 ? "key" : "keys"}: ${andMore(keys, issue.keys.length)}`;
  }
  return issue.message;
}

/** Formats zod issues as `field.path: message`: the first few, then how many more, so the client knows what to fix. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues
    .slice(0, MAX_ISSUES_SHOWN)
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join(".")}: ${issueMessage(issue)}` : issueMessage(issue),
    );
  return issues.length > shown.length
    ? `${shown.join("; ")}; and ${issues.length - shown.length} more problems`
    : shown.join("; ");
}

/** Outside strings, what the cost check looks at; anything else (numbers, spaces) is skipped natively. */
const STRUCTURE = /[{}[\]",]/g;
/** Inside a string, where it may end or escape. */
const STRING_STOP = /["\\]/g;
/** After a string, what makes it an object key. */
const KEY_COLON = /\s*:/y;

function tooCostly(what: string, limit: keyof BodyCostLimits): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `The request body has more than ${what} (${limit}); send fewer or shorter messages, tools or keys.`,
  );
}

const PROTOTYPE_KEY = "__proto__";
/** The longest a key that decodes to PROTOTYPE_KEY can be written: every character a \uXXXX escape. */
const PROTOTYPE_KEY_MAX_WRITTEN = PROTOTYPE_KEY.length * 6;

/**
 * Whether the quoted key at text[start, end) is `__proto__`, however it is escaped. JSON.parse keeps
 * such a key as an own property, but schema validation assigns it as the object's prototype and so
 * drops it: a body would reach the model changed without a word, so it is refused instead.
 */
function isPrototypeKey(text: string, start: number, end: number, escaped: boolean): boolean {
  const written = end - start - 2;
  if (!escaped) return written === PROTOTYPE_KEY.length && text.startsWith(PROTOTYPE_KEY, start + 1);
  if (written > PROTOTYPE_KEY_MAX_WRITTEN) return false;
  try {
    return JSON.parse(text.slice(start, end)) === PROTOTYPE_KEY;
  } catch {
    return false;
  }
}

/**
 * Refuses a body whose parse alone would block the event loop, before it is parsed: one pass with
 * native regular expressions that counts tokens, escapes and key characters and tracks nesting, so
 * its own work is bounded by those limits, not by the body's size. Invalid JSON that gets through is
 * refused by the parse.
 */
function checkParseCost(text: string, limits: BodyCostLimits): void {
  const { MAX_BODY_TOKENS, MAX_BODY_ESCAPES, MAX_BODY_KEY_CHARS, MAX_BODY_DEPTH } = limits;
  let tokens = 0;
  let escapes = 0;
  let keyChars = 0;
  let depth = 0;
  STRUCTURE.lastIndex = 0;
  for (let match = STRUCTURE.exec(text); match; match = STRUCTURE.exec(text)) {
    const symbol = match[0];
    if (++tokens > MAX_BODY_TOKENS) throw tooCostly(`${MAX_BODY_TOKENS} JSON tokens`, "MAX_BODY_TOKENS");
    if (symbol === "{" || symbol === "[") {
      if (++depth > MAX_BODY_DEPTH)
        throw new BadRequestError(
          `The request body nests deeper than ${MAX_BODY_DEPTH} levels (MAX_BODY_DEPTH).`,
        );
    } else if (symbol === "}" || symbol === "]") {
      if (--depth < 0) throw new BadRequestError("The request body is not valid JSON.");
    } else if (symbol === '"') {
      STRING_STOP.lastIndex = STRUCTURE.lastIndex;
      const escapesBefore = escapes;
      let stop = STRING_STOP.exec(text);
      for (; stop?.[0] === "\\"; stop = STRING_STOP.exec(text)) {
        if (++escapes > MAX_BODY_ESCAPES)
          throw tooCostly(`${MAX_BODY_ESCAPES} escapes in its strings`, "MAX_BODY_ESCAPES");
        STRING_STOP.lastIndex += 1;
      }
      // A string that never closes is invalid JSON, for the parse to refuse.
      if (!stop) return;
      KEY_COLON.lastIndex = STRING_STOP.lastIndex;
      if (KEY_COLON.test(text)) {
        // The key as written, without its quotes.
        keyChars += STRING_STOP.lastIndex - 1 - STRUCTURE.lastIndex;
        if (keyChars > MAX_BODY_KEY_CHARS)
          throw tooCostly(`${MAX_BODY_KEY_CHARS} characters in its object keys`, "MAX_BODY_KEY_CHARS");
        if (isPrototypeKey(text, STRUCTURE.lastIndex - 1, STRING_STOP.lastIndex, escapes > escapesBefore))
          throw new BadRequestError(
            'The request body has an object key "__proto__", which no field takes and which reading it would drop; rename or remove it.',
          );
      }
      STRUCTURE.lastIndex = STRING_STOP.lastIndex;
    }
  }
}

/** A request body as the JSON object it must be: its cost checked, then one parse. */
export function decodeBody(
  body: string | null | undefined,
  isBase64Encoded: boolean,
  limits: BodyCostLimits,
): object {
  if (body === null || body === undefined || body === "")
    throw new BadRequestError("The request body is empty; send a JSON object.");
  const text = isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
  checkParseCost(text, limits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError("The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new BadRequestError("The request body must be a JSON object.");
  return value;
}

/** A decoded body checked against its request schema; a 400 names each field that is wrong. */
export function validated<S extends z.ZodMiniType>(value: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const field = result.error.issues[0]?.path.join(".");
    throw new BadRequestError(describeIssues(result.error.issues), field ? { param: field } : {});
  }
  return result.data;
}
