import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Settings } from "../common/settings/index.js";
import { debugEnabled } from "./logger.js";

/** The metric names of docs/operations.md; the dashboard and the alarms name the same. */
export const METRIC = {
  promptTokens: "PromptTokens",
  completionTokens: "CompletionTokens",
  estimatedAnswers: "EstimatedAnswers",
  answers: "Answers",
  firstTokenLatency: "FirstTokenLatency",
  answerLatency: "AnswerLatency",
  upstreamErrors: "UpstreamErrors",
  budgetRefusals: "BudgetRefusals",
  coldStarts: "ColdStarts",
} as const;

/** What one answer is counted under: dimensions are kept to these two. */
export interface AnswerDimensions {
  app: string;
  model: string;
}

export interface AnswerFigures extends AnswerDimensions {
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
  /** From the request to the first text (a whole answer: to the answer). */
  firstTokenMs: number;
  totalMs: number;
}

/** The answers' CloudWatch metrics, as EMF lines (Lambda's log agent turns them into metrics). */
export interface ServiceMetrics {
  answered(figures: AnswerFigures): void;
  /** A model call failed: `errorType` is the HttpError's type (upstream_error, upstream_timeout, …). */
  upstreamFailed(dimensions: AnswerDimensions, errorType: string): void;
  budgetRefused(dimensions: AnswerDimensions): void;
}

type Emit = (line: string) => void;

class EmfMetrics implements ServiceMetrics {
  readonly #metrics: Metrics;
  #coldStart = true;

  constructor(
    namespace: string,
    private readonly emit: Emit,
  ) {
    this.#metrics = new Metrics({ namespace, serviceName: namespace });
  }

  answered(figures: AnswerFigures): void {
    this.#publish({ app: figures.app, model: figures.model }, (metrics) => {
      metrics.addMetric(METRIC.answers, MetricUnit.Count, 1);
      metrics.addMetric(METRIC.promptTokens, MetricUnit.Count, figures.promptTokens);
      metrics.addMetric(METRIC.completionTokens, MetricUnit.Count, figures.completionTokens);
      if (figures.estimated) metrics.addMetric(METRIC.estimatedAnswers, MetricUnit.Count, 1);
      metrics.addMetric(METRIC.firstTokenLatency, MetricUnit.Milliseconds, figures.firstTokenMs);
      metrics.addMetric(METRIC.answerLatency, MetricUnit.Milliseconds, figures.totalMs);
    });
  }

  upstreamFailed(dimensions: AnswerDimensions, errorType: string): void {
    this.#publish({ app: dimensions.app, model: dimensions.model, error_type: errorType }, (metrics) =>
      metrics.addMetric(METRIC.upstreamErrors, MetricUnit.Count, 1),
    );
  }

  budgetRefused(dimensions: AnswerDimensions): void {
    this.#publish({ app: dimensions.app, model: dimensions.model }, (metrics) =>
      metrics.addMetric(METRIC.budgetRefusals, MetricUnit.Count, 1),
    );
  }

  /**
   * One EMF line per event, built and written in one synchronous step: concurrent requests of the
   * local server share this instance, and no other request's dimensions can slip in between. The
   * first event of an execution environment is preceded by the cold start's own line, under that
   * event's app and model only: on the event's line it would take the event's dimensions too
   * (an upstream failure's error_type).
   */
  #publish(dimensions: AnswerDimensions & Record<string, string>, add: (metrics: Metrics) => void): void {
    if (this.#coldStart) {
      this.#coldStart = false;
      this.#write({ app: dimensions.app, model: dimensions.model }, (metrics) =>
        metrics.addMetric(METRIC.coldStarts, MetricUnit.Count, 1),
      );
    }
    this.#write(dimensions, add);
  }

  #write(dimensions: Record<string, string>, add: (metrics: Metrics) => void): void {
    const metrics = this.#metrics;
    for (const [name, value] of Object.entries(dimensions)) metrics.addDimension(name, value);
    // A second dimension set of the service alone: what the alarms sum over every app and model.
    metrics.addDimensions({});
    add(metrics);
    const line = JSON.stringify(metrics.serializeMetrics());
    metrics.clearMetrics();
    metrics.clearDimensions();
    this.emit(line);
  }
}

class NoMetrics implements ServiceMetrics {
  answered(): void {}
  upstreamFailed(): void {}
  budgetRefused(): void {}
}

const toStdout: Emit = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * In Lambda, EMF lines on stdout become CloudWatch metrics. Locally they are printed only at DEBUG,
 * the same lines; `emit` replaces stdout (tests read the lines).
 */
export function createServiceMetrics(
  settings: Pick<Settings, "LOG_LEVEL" | "DEBUG_MODE" | "SHARED_RESOURCE_IDENTIFIER">,
  emit?: Emit,
): ServiceMetrics {
  const inLambda = process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  if (emit) return new EmfMetrics(settings.SHARED_RESOURCE_IDENTIFIER, emit);
  if (inLambda || debugEnabled(settings))
    return new EmfMetrics(settings.SHARED_RESOURCE_IDENTIFIER, toStdout);
  return new NoMetrics();
}
