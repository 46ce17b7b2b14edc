import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadRequestError, PayloadTooLargeError } from "../../../src/common/errors.js";
import { DEFAULT_REQUEST_LIMITS } from "../../../src/common/request/limits.js";
import {
  decodeBody as decodeWith,
  describeIssues,
  validated,
} from "../../../src/common/request/parse-body.js";
import { hasPrototypeKey } from "../../support/prototype-key.js";
import { defaultSchemas } from "../../support/request-schemas.js";

const { MAX_BODY_DEPTH, MAX_BODY_ESCAPES, MAX_BODY_KEY_CHARS, MAX_BODY_TOKENS } = DEFAULT_REQUEST_LIMITS;
const decodeBody = (text: string) => decodeWith(text, false, DEFAULT_REQUEST_LIMITS);
const ChatRequestSchema = defaultSchemas.chat;

/** A hostile body's cost is refused before it is parsed, and its 400 stays small whatever it holds. */

const repeated = (count: number, unit: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => unit(index)).join(",");

function rejection(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("the cost of a body is checked before it is parsed", () => {
  it.each([
    ["many empty messages", `{"messages":[${repeated(MAX_BODY_TOKENS, () => "{}")}]}`, /JSON tokens/],
    ["many numbers", `{"messages":[${repeated(MAX_BODY_TOKENS + 1, () => "0")}]}`, /JSON tokens/],
    ["many keys", `{${repeated(MAX_BODY_TOKENS, (i) => `"k${i}":0`)}}`, /JSON tokens|object keys/],
    ["long keys", `{${repeated(400, (i) => `"${String(i).padEnd(1_000, "k")}":0`)}}`, /object keys/],
    ["many escapes", `{"input_text":"${"\\n".repeat(MAX_BODY_ESCAPES + 1)}"}`, /escapes/],
  ])("refuses %s with a 413 naming the limit", (_name, body, limit) => {
    const error = rejection(() => decodeBody(body));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.message).toMatch(limit);
  });

  it("counts key characters up to its limit, not beyond", () => {
    const keys = (chars: number) => `{"input_text":"x","metadata":{"${"k".repeat(chars)}":1}}`;
    expect(() => decodeBody(keys(MAX_BODY_KEY_CHARS - "input_textmetadata".length))).not.toThrow();
    expect(() => decodeBody(keys(MAX_BODY_KEY_CHARS + 1))).toThrow(PayloadTooLargeError);
  });

  it("refuses deep nesting and stray closing brackets as 400s without parsing them", () => {
    expect(() => decodeBody(`{"a":${"[".repeat(1_000_000)}`)).toThrow(
      new RegExp(`nests deeper than ${MAX_BODY_DEPTH}`),
    );
    expect(rejection(() => decodeBody(`{}${"]".repeat(1_000_000)}`))).toBeInstanceOf(BadRequestError);
  });

  it("lets a large real request through: 500 messages of 10,000 characters with quotes and newlines", () => {
    const content = `He said "hi".\n${"w".repeat(9_980)}`;
    const messages = Array.from({ length: 500 }, () => ({ role: "user", content }));
    const body = decodeBody(JSON.stringify({ messages }));
    expect(validated(body, ChatRequestSchema).messages).toHaveLength(500);
  });

  it("parses any small JSON object exactly as JSON.parse does", () => {
    const objects = fc
      .dictionary(fc.string(), fc.jsonValue({ maxDepth: 5 }))
      .filter((value) => !hasPrototypeKey(value));
    fc.assert(
      fc.property(objects, (value) => {
        const text = JSON.stringify(value);
        expect(decodeBody(text)).toEqual(JSON.parse(text));
      }),
    );
  });
});

/** `__proto__` written with each of its characters either as itself or as a \uXXXX escape. */
const prototypeKeyWritten = fc
  .array(fc.boolean(), { minLength: 9, maxLength: 9 })
  .map((escaped) =>
    [..."__proto__"]
      .map((char, index) =>
        escaped[index] ? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}` : char,
      )
      .join(""),
  );

describe("a __proto__ key, which validation would silently drop", () => {
  it("is refused with a 400 wherever it is in the body, however it is escaped", () => {
    const placed = fc.record({
      outer: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
      path: fc.array(fc.constantFrom("a", "b"), { maxLength: 4 }),
      key: prototypeKeyWritten,
      value: fc.jsonValue({ maxDepth: 2 }),
    });
    fc.assert(
      fc.property(placed, ({ outer, path, key, value }) => {
        const inner = `{"${key}":${JSON.stringify(value)}}`;
        const nested = path.reduceRight((text, name) => `{"${name}":[${text}]}`, inner);
        const outerText = JSON.stringify(outer);
        const text = outerText === "{}" ? `{"x":${nested}}` : `${outerText.slice(0, -1)},"x":${nested}}`;
        const error = rejection(() => decodeBody(text));
        expect(error).toBeInstanceOf(BadRequestError);
        expect(error.message).toContain('"__proto__"');
      }),
    );
  });

  it.each([
    ["as a string value", '{"messages":[{"role":"user","content":"__proto__"}]}'],
    ["as part of a longer key", '{"__proto__x":1,"x__proto__":2,"__proto_":3}'],
    ["escaped into a longer key", '{"\\u005f_proto__\\u005f":1}'],
    ["as an escaped string value", '{"content":"\\u005f_proto__"}'],
  ])("is not confused with __proto__ %s", (_name, text) => {
    expect(decodeBody(text)).toEqual(JSON.parse(text));
  });
});

describe("validation messages are bounded", () => {
  it("names the first few unknown keys, cut short, and how many more there were", () => {
    const body = Object.fromEntries(
      Array.from({ length: 5_000 }, (_, i) => [`unknown_${i}_${"x".repeat(200)}`, 0]),
    );
    const error = rejection(() => validated({ input_text: "hi", ...body }, ChatRequestSchema));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/^Unrecognized keys: "unknown_0_x+\.\.\.", .* and 4995 more$/);
    expect(error.message.length).toBeLessThan(400);
  });

  it("names the first five problems, then how many more", () => {
    const messages = Array.from({ length: 40 }, () => ({ role: "robot", content: "x" }));
    const error = rejection(() => validated({ messages }, ChatRequestSchema));
    expect(error.message.split("; ")).toHaveLength(6);
    expect(error.message).toMatch(/^messages\.0\.role: .*; and 35 more problems$/);
  });

  it("formats a single issue as the field and its message", () => {
    const { error } = ChatRequestSchema.safeParse({ input_text: "hi", temperature: 9 });
    expect(describeIssues(error?.issues ?? [])).toMatch(/^temperature: /);
  });
});
