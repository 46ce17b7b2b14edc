import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AttributeValueError, fromItem, toItem } from "../../../src/common/aws/dynamodb-values.js";

const plainValue = fc.oneof(
  fc.string(),
  fc.maxSafeInteger().map((n) => n),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => !Number.isInteger(n) || Number.isSafeInteger(n)),
);

describe("DynamoDB's typed values", () => {
  it("read back every string and finite number they were written from", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), plainValue), (values) => {
        const read = fromItem(JSON.parse(JSON.stringify(toItem(values))));
        expect(read).toEqual(
          Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v])),
        );
      }),
    );
  });

  it("refuse to write a number a counter cannot hold exactly", () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53, -(2 ** 60)])
      expect(() => toItem({ counter: value })).toThrow(AttributeValueError);
  });

  it("refuse an integer beyond what JavaScript holds exactly, rather than rounding a counter", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }), (big) => {
        expect(() => fromItem({ counter: { N: big.toString() } })).toThrow(/counter holds .* not exact/);
      }),
    );
  });

  it("refuse what is not an item of strings and numbers, naming the attribute", () => {
    for (const item of [null, [], "text", 3]) expect(() => fromItem(item)).toThrow(AttributeValueError);
    expect(() => fromItem({ tags: { SS: ["a"] } })).toThrow(
      "attribute tags is neither a string nor a number",
    );
    expect(() => fromItem({ flag: { BOOL: true } })).toThrow(AttributeValueError);
    expect(() => fromItem({ count: { N: "twelve" } })).toThrow(AttributeValueError);
  });
});
