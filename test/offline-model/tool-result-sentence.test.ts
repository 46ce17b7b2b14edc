import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toolResultSentence } from "../../src/offline-model/tool-result-sentence.js";

describe("toolResultSentence", () => {
  it.each([
    ['{"temperature":14.2,"windSpeed":3.1}', "weather returned temperature 14.2 and wind speed 3.1"],
    ['{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', "weather returned a 1, b 2, c 3 and d 4 and 2 more fields"],
    ["[1,2,3,4,5]", "weather returned 1, 2 and 3 and 2 more"],
    ['[{"x":1},{"x":2}]', "weather returned 2 items: (x 1); (x 2)"],
    [
      '{"rental":[{"item":"tent","usd":18},{"item":"pack","usd":9,"deep":{"a":[1]}}]}',
      "weather returned rental 2 items: (item “tent”, usd 18); (item “pack”, usd 9, deep 1 detail)",
    ],
    [
      '{"hours":{"monday":"09:00","sunday":"10:00"}}',
      "weather returned hours (monday “09:00”, sunday “10:00”)",
    ],
    [
      '{"list":[],"none":null,"nested":{"k":"v"}}',
      "weather returned list an empty list, none no value and nested (k “v”)",
    ],
    ['{"hourly":[15.1,14.2,16]}', "weather returned hourly 14.2 to 16 (3 values)"],
    ['{"tags":["a","b"]}', "weather returned tags “a” and “b”"],
    ["{}", "weather returned no details"],
    ['"plain"', "weather returned “plain”"],
    ["true", "weather returned true"],
    ["Sunny and warm", "weather said “Sunny and warm”"],
    ["  ", "weather returned nothing"],
  ])("tells %s as a sentence", (result, sentence) => {
    expect(toolResultSentence("weather", result)).toBe(sentence);
  });

  it("stays one short sentence for any JSON object, however deep or long", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,11}$/), fc.jsonValue(), { maxKeys: 20 }),
        (value) => {
          const sentence = toolResultSentence("tool", JSON.stringify(value));
          expect(sentence.startsWith("tool returned ")).toBe(true);
          expect(sentence).not.toContain("\n");
          expect(Array.from(sentence).length).toBeLessThanOrEqual("tool returned ".length + 401);
        },
      ),
    );
  });
});
