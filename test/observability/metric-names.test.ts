import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createServiceMetrics, METRIC, type ServiceMetrics } from "../../src/services/metrics.js";
import { testSettings } from "../support/settings.js";

/**
 * One metric vocabulary in three places: what src/services/metrics.ts emits, what docs/operations.md
 * documents, and what terraform/monitoring.tf's dashboard and alarms read. A name or a dimension set
 * that differs makes a graph or an alarm read a metric nobody writes.
 */

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** A metric as CloudWatch keys it: its name and one dimension set (names sorted). */
const key = (name: string, dimensions: readonly string[]) => `${name} {${[...dimensions].sort().join(",")}}`;

interface Emitted {
  units: Map<string, string>;
  keys: Set<string>;
}

const EVENTS: [string, (metrics: ServiceMetrics) => void][] = [
  [
    "an answer",
    (metrics) =>
      metrics.answered({
        app: "a",
        model: "m",
        promptTokens: 1,
        completionTokens: 2,
        estimated: true,
        firstTokenMs: 3,
        totalMs: 4,
      }),
  ],
  ["an upstream failure", (metrics) => metrics.upstreamFailed({ app: "a", model: "m" }, "upstream_error")],
  ["a budget refusal", (metrics) => metrics.budgetRefused({ app: "a", model: "m" })],
];

/** Every metric and dimension set the EMF lines carry, each event also as an environment's first line. */
function emitted(): Emitted {
  const units = new Map<string, string>();
  const keys = new Set<string>();
  for (const [, first] of EVENTS) {
    const lines: string[] = [];
    const metrics = createServiceMetrics(testSettings().settings, (line) => lines.push(line));
    first(metrics);
    for (const [, event] of EVENTS) event(metrics);
    for (const line of lines) {
      const directive = (
        JSON.parse(line) as {
          _aws: {
            CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
          };
        }
      )._aws.CloudWatchMetrics[0];
      for (const metric of directive?.Metrics ?? []) {
        units.set(metric.Name, metric.Unit);
        for (const dimensions of directive?.Dimensions ?? []) keys.add(key(metric.Name, dimensions));
      }
    }
  }
  return { units, keys };
}

interface DocumentedMetric {
  name: string;
  unit: string;
  dimensions: string[];
}

/** The rows of the metrics table under "Logs and metrics": names in backticks, unit, dimensions. */
function documented(): DocumentedMetric[] {
  const section = read("docs/operations.md").split("## Logs and metrics")[1]?.split("\n## ")[0] ?? "";
  const rows = section.split("\n").filter((line) => /^\| `/.test(line));
  return rows.flatMap((row) => {
    const [names = "", unit = "", dimensions = ""] = row
      .split("|")
      .slice(1)
      .map((cell) => cell.trim());
    const dimensionNames = (dimensions.split("(")[0] ?? "").split(",").map((name) => name.trim());
    return [...names.matchAll(/`(\w+)`/g)].map((match) => ({
      name: match[1] ?? "",
      unit,
      dimensions: dimensionNames,
    }));
  });
}

interface Reference {
  line: number;
  name: string;
  dimensions: string[];
}

/**
 * Every use of the EMF namespace in monitoring.tf, in the three forms it takes there: a dashboard
 * metric array, a SEARCH expression over a list of names, and an alarm's (or a metric query's)
 * `namespace` with its `metric_name` (or the `for_each` map it takes the name from) and `dimensions`.
 * A use in any other form fails the test rather than being skipped.
 */
function terraformReferences(): Reference[] {
  const text = read("terraform/monitoring.tf");
  const lines = text.split("\n");
  const references: Reference[] = [];
  lines.forEach((source, index) => {
    const line = index + 1;
    if (!source.includes("local.metrics_namespace")) return;
    if (/^\s*metrics_namespace\s*=/.test(source)) return;
    const array = source.match(/\[local\.metrics_namespace,\s*"(\w+)"((?:,\s*"\w+",\s*[\w.]+)*)/);
    if (array) {
      const dimensions = [...(array[2] ?? "").matchAll(/"(\w+)",\s*[\w.]+/g)].map((match) => match[1] ?? "");
      references.push({ line, name: array[1] ?? "", dimensions });
      return;
    }
    const search = source.match(/SEARCH\('\{\$\{local\.metrics_namespace\},([\w,]+)\}/);
    if (search) {
      const names = lines[index - 1]?.match(/for \w+ in \[([^\]]+)\]/)?.[1] ?? "";
      for (const name of names.matchAll(/"(\w+)"/g))
        references.push({ line, name: name[1] ?? "", dimensions: (search[1] ?? "").split(",") });
      return;
    }
    if (/^\s*namespace\s*=\s*local\.metrics_namespace\s*$/.test(source)) {
      const block = lines.slice(index - 3, index + 5).join("\n");
      const dimensions = [
        ...(block.match(/dimensions\s*=\s*\{([^}]*)\}/)?.[1] ?? "").matchAll(/(\w+)\s*=/g),
      ].map((match) => match[1] ?? "");
      const literal = block.match(/metric_name\s*=\s*"(\w+)"/)?.[1];
      const names = literal
        ? [literal]
        : /metric_name\s*=\s*metric_query\.value/.test(block)
          ? [
              ...(
                lines
                  .slice(index - 6, index)
                  .join("\n")
                  .match(/for_each\s*=\s*\{([^}]*)\}/)?.[1] ?? ""
              ).matchAll(/"(\w+)"/g),
            ].map((match) => match[1] ?? "")
          : [];
      for (const name of names) references.push({ line, name, dimensions });
      if (names.length > 0) return;
    }
    throw new Error(
      `monitoring.tf:${line} uses the EMF namespace in a form this test does not read: ${source}`,
    );
  });
  return references;
}

describe("the EMF metrics' names and dimensions agree in the code, the docs and the Terraform", () => {
  const emission = emitted();

  it("documents every metric the code emits, with its unit and dimension sets, and no other", () => {
    const docs = documented();
    expect(docs.map((metric) => metric.name).sort()).toEqual(Object.values(METRIC).sort());
    for (const metric of docs) {
      expect(emission.units.get(metric.name), metric.name).toBe(metric.unit);
      // Every line has the documented set and the service's alone (docs/operations.md says so).
      for (const dimensions of [metric.dimensions, ["service"]])
        expect(emission.keys, metric.name).toContain(key(metric.name, dimensions));
      const sets = [...emission.keys].filter((entry) => entry.startsWith(`${metric.name} {`));
      expect(sets.sort(), metric.name).toEqual(
        [key(metric.name, metric.dimensions), key(metric.name, ["service"])].sort(),
      );
    }
  });

  it("has the dashboard and the alarms read only metrics and dimension sets the code emits", () => {
    const references = terraformReferences();
    // The dashboard's three EMF graphs, the two token searches and the two alarms' three metrics.
    expect(references.map((reference) => reference.name).sort()).toEqual(
      [
        "BudgetRefusals",
        "CompletionTokens",
        "CompletionTokens",
        "FirstTokenLatency",
        "PromptTokens",
        "PromptTokens",
        "UpstreamErrors",
        "UpstreamErrors",
      ].sort(),
    );
    for (const reference of references)
      expect(emission.keys, `monitoring.tf:${reference.line}`).toContain(
        key(reference.name, reference.dimensions),
      );
  });
});
