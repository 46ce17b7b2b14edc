/** A unit CloudWatch knows, as EMF names it. */
export type MetricUnit = "Count" | "Milliseconds";

export interface MetricValue {
  name: string;
  unit: MetricUnit;
  value: number;
}

/**
 * One line of CloudWatch's embedded metric format: Lambda's log agent turns it into metrics. The
 * metrics are recorded under two dimension sets, the service with `dimensions`, and the service alone
 * (what the alarms sum over); one set when no dimension is left. A dimension without a value is left
 * out (empty or only blanks), as Powertools Metrics leaves it.
 * Built by hand rather than through Powertools Metrics, which costs about four times as much per line
 * (docs/cold-start.md); test/observability/emf.test.ts holds it to Powertools' output.
 */
export function emfLine(
  service: string,
  dimensions: Readonly<Record<string, string>>,
  metrics: readonly MetricValue[],
  timestamp = Date.now(),
): string {
  const present = Object.entries(dimensions).filter(
    ([name, value]) => name.trim() !== "" && value.trim() !== "",
  );
  const root: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: service,
          Dimensions:
            present.length > 0 ? [["service", ...present.map(([name]) => name)], ["service"]] : [["service"]],
          Metrics: metrics.map(({ name, unit }) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    service,
  };
  for (const [name, value] of present) root[name] = value;
  for (const { name, value } of metrics) root[name] = value;
  return JSON.stringify(root);
}
