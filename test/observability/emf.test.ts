import { Metrics } from "@aws-lambda-powertools/metrics";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emfLine, type MetricValue } from "../../src/services/emf.js";

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/).filter((value) => value !== "service");
const dimensions = fc.dictionary(
  name.map((value) => `d_${value}`),
  fc.oneof(fc.string(), fc.constantFrom("", " ", "\t\n")),
  {
    maxKeys: 6,
  },
);
const metrics = fc.uniqueArray(
  fc.record({
    name: name.map((value) => `M${value}`),
    unit: fc.constantFrom("Count" as const, "Milliseconds" as const),
    value: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e9, noNaN: true })),
  }),
  { selector: (metric) => metric.name, minLength: 1, maxLength: 8 },
);

/** Powertools warns of each dimension without a value it leaves out. */
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** What Powertools Metrics writes for the same line, as the metrics service used to build it. */
function powertoolsLine(service: string, dims: Record<string, string>, values: MetricValue[]): unknown {
  const powertools = new Metrics({ namespace: service, serviceName: service, logger: silent });
  for (const [dimension, value] of Object.entries(dims)) powertools.addDimension(dimension, value);
  powertools.addDimensions({});
  for (const metric of values) powertools.addMetric(metric.name, metric.unit, metric.value);
  return powertools.serializeMetrics();
}

describe("EMF lines", () => {
  it("are the lines Powertools Metrics writes, for any dimensions and metrics", () => {
    fc.assert(
      fc.property(fc.constantFrom("aws-openai", "my-stack"), dimensions, metrics, (service, dims, values) => {
        const expected = powertoolsLine(service, dims, values) as { _aws: { Timestamp: number } };
        const ours = JSON.parse(emfLine(service, dims, values, expected._aws.Timestamp)) as unknown;
        expect(ours).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("record every metric under the service with the dimensions, and the service alone", () => {
    const line = JSON.parse(
      emfLine(
        "aws-openai",
        { app: "default-grammar", model: "" },
        [{ name: "Answers", unit: "Count", value: 1 }],
        7,
      ),
    );
    expect(line).toEqual({
      _aws: {
        Timestamp: 7,
        CloudWatchMetrics: [
          {
            Namespace: "aws-openai",
            Dimensions: [["service", "app"], ["service"]],
            Metrics: [{ Name: "Answers", Unit: "Count" }],
          },
        ],
      },
      service: "aws-openai",
      app: "default-grammar",
      Answers: 1,
    });
  });
});
