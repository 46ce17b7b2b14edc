import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { emfLine } from "../../src/services/emf.js";

/**
 * Run in a fresh process per measurement (bench/emf.bench.ts): builds the line of one answer, as
 * src/services/metrics.ts does, again and again, with `emfLine` or with Powertools Metrics, and prints
 * the CPU per line of the first 50 (a young sandbox's invocations) and of the 1000 after.
 */

const FIRST = 50;
const STEADY = 1000;
const variant = process.argv[2];
const service = "aws-openai";
const figures = { promptTokens: 12, completionTokens: 30, firstTokenMs: 3.2, totalMs: 4.1 };

const powertools = new Metrics({ namespace: service, serviceName: service });
function powertoolsLine(): string {
  powertools.addDimension("app", "default-grammar");
  powertools.addDimension("model", "gpt-4o-mini");
  powertools.addDimensions({});
  powertools.addMetric("Answers", MetricUnit.Count, 1);
  powertools.addMetric("PromptTokens", MetricUnit.Count, figures.promptTokens);
  powertools.addMetric("CompletionTokens", MetricUnit.Count, figures.completionTokens);
  powertools.addMetric("FirstTokenLatency", MetricUnit.Milliseconds, figures.firstTokenMs);
  powertools.addMetric("AnswerLatency", MetricUnit.Milliseconds, figures.totalMs);
  const line = JSON.stringify(powertools.serializeMetrics());
  powertools.clearMetrics();
  powertools.clearDimensions();
  return line;
}

const ownLine = () =>
  emfLine(service, { app: "default-grammar", model: "gpt-4o-mini" }, [
    { name: "Answers", unit: "Count", value: 1 },
    { name: "PromptTokens", unit: "Count", value: figures.promptTokens },
    { name: "CompletionTokens", unit: "Count", value: figures.completionTokens },
    { name: "FirstTokenLatency", unit: "Milliseconds", value: figures.firstTokenMs },
    { name: "AnswerLatency", unit: "Milliseconds", value: figures.totalMs },
  ]);

const line = variant === "powertools" ? powertoolsLine : ownLine;
let length = 0;
const microsPerLine = (count: number) => {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) length += line().length;
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
};
const first = microsPerLine(FIRST);
const steady = microsPerLine(STEADY);
process.stdout.write(`${JSON.stringify({ first, steady, length })}\n`);
