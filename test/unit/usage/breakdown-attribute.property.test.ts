import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  breakdownAttribute,
  breakdownOf,
  DAY_COMMITTED,
  MONTH_COMMITTED,
  USAGE_COUNTERS,
  USAGE_KEYS,
} from "../../../src/common/usage/table.js";

const app = fc.string({ minLength: 1 }).filter((name) => !name.includes("#"));
const model = fc.string({ minLength: 1 });
const counter = fc.constantFrom(...USAGE_COUNTERS);

describe("the day item's per app and model attributes", () => {
  it("name back the app, model and counter they count, whatever the model id holds", () => {
    fc.assert(
      fc.property(app, model, counter, (appName, modelId, counterName) => {
        expect(breakdownOf(breakdownAttribute(appName, modelId, counterName))).toEqual({
          app: appName,
          model: modelId,
          counter: counterName,
        });
      }),
    );
  });

  it("are told apart from the day's other attributes", () => {
    for (const attribute of [...USAGE_COUNTERS, DAY_COMMITTED, MONTH_COMMITTED, ...Object.values(USAGE_KEYS)])
      expect(breakdownOf(attribute)).toBeUndefined();
    expect(breakdownOf("by#translator#requests")).toBeUndefined();
    expect(breakdownOf("by#translator#gpt-4o#tokens")).toBeUndefined();
  });
});
