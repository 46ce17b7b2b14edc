import type { Settings } from "../common/settings/index.js";
import { emfLine, type MetricValue } from "./emf.js";
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
  #coldStart = true;

  constructor(
    private readonly service: string,
    private readonly emit: Emit,
  ) {}

  answered(figures: AnswerFigures): void {
    this.#publish({ app: figures.app, model: figures.model }, [
      { name: METRIC.answers, unit: "Count", value: 1 },
      { name: METRIC.promptTokens, unit: "Count", value: figures.promptTokens },
      { name: METRIC.completionTokens, unit: "Count", value: figures.completionTokens },
      ...(figures.estimated ? [{ name: METRIC.estimatedAnswers, unit: "Count", value: 1 } as const] : []),
      { name: METRIC.firstTokenLatency, unit: "Milliseconds", value: figures.firstTokenMs },
      { name: METRIC.answerLatency, unit: "Milliseconds", value: figures.totalMs },
    ]);
  }

  upstreamFailed(dimensions: AnswerDimensions, errorType: string): void {
    this.#publish({ app: dimensions.app, model: dimensions.model, error_type: errorType }, [
      { name: METRIC.upstreamErrors, unit: "Count", value: 1 },
    ]);
  }

  budgetRefused(dimensions: AnswerDimensions): void {
    this.#publish({ app: dimensions.app, model: dimensions.model }, [
      { name: METRIC.budgetRefusals, unit: "Count", value: 1 },
    ]);
  }

  /**
   * One EMF line per event. The first event of an execution environment is preceded by the cold
   * start's own line, under that event's app and model only: on the event's line it would take the
   * event's dimensions too (an upstream failure's error_type).
   */
  #publish(dimensions: AnswerDimensions & Record<string, string>, metrics: MetricValue[]): void {
    if (this.#coldStart) {
      this.#coldStart = false;
      this.emit(
        emfLine(this.service, { app: dimensions.app, model: dimensions.model }, [
          { name: METRIC.coldStarts, unit: "Count", value: 1 },
        ]),
      );
    }
    this.emit(emfLine(this.service, dimensions, metrics));
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
