import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadRequestError, PayloadTooLargeError } from "../../../src/common/errors.js";
import type { BodyCostLimits, RequestLimits } from "../../../src/common/request/limits.js";
import { decodeBody, validated } from "../../../src/common/request/parse-body.js";
import { requestSchemas } from "../../../src/common/request/request-schemas.js";
import { hasPrototypeKey } from "../../support/prototype-key.js";

/**
 * Any body within the limits is never refused for a limit, and one past any single limit is refused
 * naming it. The cost of a body is measured here from its value, independently of the check's scan
 * of its text: tokens are strings, both brackets of each container and the commas between items.
 */

interface Cost {
  tokens: number;
  escapes: number;
  keyChars: number;
  depth: number;
}

/** The escapes JSON.stringify writes into a string: quotes, backslashes, control characters, lone surrogates. */
const escapesOf = (text: string) =>
  JSON.stringify(text)
    .slice(1, -1)
    .match(/\\(u[0-9a-fA-F]{4}|.)/g)?.length ?? 0;

function costOf(value: unknown): Cost {
  if (typeof value === "string") return { tokens: 1, escapes: escapesOf(value), keyChars: 0, depth: 0 };
  if (value === null || typeof value !== "object") return { tokens: 0, escapes: 0, keyChars: 0, depth: 0 };
  const entries = Array.isArray(value) ? value.map((item) => ["", item] as const) : Object.entries(value);
  const cost: Cost = { tokens: 2 + Math.max(entries.length - 1, 0), escapes: 0, keyChars: 0, depth: 0 };
  for (const [key, item] of entries) {
    const inner = costOf(item);
    cost.tokens += inner.tokens;
    cost.escapes += inner.escapes;
    cost.keyChars += inner.keyChars;
    cost.depth = Math.max(cost.depth, inner.depth);
    if (!Array.isArray(value)) {
      cost.tokens += 1;
      cost.escapes += escapesOf(key);
      cost.keyChars += JSON.stringify(key).length - 2;
    }
  }
  cost.depth += 1;
  return cost;
}

const BODY_COST_LIMITS: Record<keyof Cost, keyof BodyCostLimits> = {
  tokens: "MAX_BODY_TOKENS",
  escapes: "MAX_BODY_ESCAPES",
  keyChars: "MAX_BODY_KEY_CHARS",
  depth: "MAX_BODY_DEPTH",
};

/** Text of any characters (quotes, control characters, astral ones, halves of them) up to `max` units. */
const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: max }),
    fc.string({ unit: "binary", maxLength: max }).map((s) => s.slice(0, max)),
  );

const schemaLimits = fc.record({
  MAX_MESSAGES: fc.integer({ min: 1, max: 6 }),
  MAX_MESSAGE_CHARS: fc.integer({ min: 1, max: 60 }),
  MAX_TOOLS: fc.integer({ min: 0, max: 3 }),
});

type SchemaLimits = Pick<RequestLimits, "MAX_MESSAGES" | "MAX_MESSAGE_CHARS" | "MAX_TOOLS">;

/** A chat-completion body within the schema limits: messages of any text, tools with any parameters. */
const bodyWithin = (limits: SchemaLimits) =>
  fc.record(
    {
      messages: fc.array(
        fc.record({
          role: fc.constantFrom("system", "user", "assistant"),
          content: text(limits.MAX_MESSAGE_CHARS),
        }),
        { minLength: 1, maxLength: limits.MAX_MESSAGES },
      ),
      tools: fc.array(
        fc.record({
          type: fc.constant("function"),
          function: fc.record({
            name: fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/),
            parameters: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
          }),
        }),
        { maxLength: limits.MAX_TOOLS },
      ),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    },
    { requiredKeys: ["messages"] },
  );

/**
 * Schema limits, a body within them, and the body's cost limits set at its cost or above. A body
 * with a `__proto__` key is refused whatever its cost (parse-cost.test.ts), so none is made here.
 */
const withinLimits = schemaLimits.chain((limits) =>
  bodyWithin(limits)
    .filter((body) => !hasPrototypeKey(body))
    .chain((body) => {
      const cost = costOf(body);
      const slack = fc.oneof(fc.constant(0), fc.nat(100));
      return fc
        .record({ tokens: slack, escapes: slack, keyChars: slack, depth: slack })
        .map((extra): { body: typeof body; cost: Cost; limits: RequestLimits } => ({
          body,
          cost,
          limits: {
            ...limits,
            MAX_BODY_TOKENS: cost.tokens + extra.tokens,
            MAX_BODY_ESCAPES: cost.escapes + extra.escapes,
            MAX_BODY_KEY_CHARS: cost.keyChars + extra.keyChars,
            MAX_BODY_DEPTH: cost.depth + extra.depth,
          },
        }));
    }),
);

function refusal(run: () => unknown): Error | undefined {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

const read = (text: string, limits: RequestLimits) =>
  validated(decodeBody(text, false, limits), requestSchemas(limits).chat);

describe("request limits", () => {
  it("never refuse a body within every limit, and read it as JSON.parse does", () => {
    fc.assert(
      fc.property(withinLimits, ({ body, limits }) => {
        const text = JSON.stringify(body);
        expect(read(text, limits)).toMatchObject(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it("refuse a body one past any single cost limit, before it is parsed, naming that limit", () => {
    const past = fc.tuple(
      withinLimits,
      fc.constantFrom(...(Object.keys(BODY_COST_LIMITS) as (keyof Cost)[])),
    );
    fc.assert(
      fc.property(past, ([{ body, cost, limits }, measure]) => {
        fc.pre(cost[measure] > 0);
        const setting = BODY_COST_LIMITS[measure];
        const error = refusal(() => read(JSON.stringify(body), { ...limits, [setting]: cost[measure] - 1 }));
        expect(error).toBeInstanceOf(measure === "depth" ? BadRequestError : PayloadTooLargeError);
        expect(error?.message).toContain(`(${setting})`);
      }),
      { numRuns: 300 },
    );
  });

  it("refuse a body one past any single field limit with a 400 naming the limit and the field", () => {
    fc.assert(
      fc.property(withinLimits, ({ body, limits }) => {
        const text = JSON.stringify(body);
        // zod counts a string's characters as code points, an astral character as one.
        const longest = Math.max(...body.messages.map((message) => [...message.content].length));
        const lowered: [keyof SchemaLimits, number, RegExp][] = [
          ["MAX_MESSAGES", body.messages.length - 1, /^messages$/],
          ["MAX_MESSAGE_CHARS", longest - 1, /^messages\.\d+\.content/],
          ["MAX_TOOLS", (body.tools?.length ?? 0) - 1, /^tools$/],
        ];
        for (const [setting, limit, field] of lowered) {
          if (limit < 0) continue;
          const error = refusal(() => read(text, { ...limits, [setting]: limit }));
          expect(error).toBeInstanceOf(BadRequestError);
          expect(error?.message).toContain(`(${setting})`);
          expect((error as BadRequestError).param).toMatch(field);
        }
      }),
      { numRuns: 150 },
    );
  });
});
