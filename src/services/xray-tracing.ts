import { Tracer } from "@aws-lambda-powertools/tracer";
import type { Subsegment } from "aws-xray-sdk-core";
import { HttpError } from "../common/errors.js";
import { redactSecrets } from "../common/secret.js";
import type { Annotations, Tracing } from "./tracing.js";

/** What X-Ray keeps of a failure: its type and message, secrets scrubbed like a log line's. */
function redacted(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redactSecrets(source.message));
  copy.name = source.name;
  if (source.stack !== undefined) copy.stack = redactSecrets(source.stack);
  return copy;
}

/** The service's error type (HttpError's), or the one AWS named (`ProvisionedThroughputExceededException`). */
function errorTypeOf(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === "string" ? type : undefined;
}

/**
 * A failure the service answers 5xx is a fault, with its exception; a 4xx one (the client's) an
 * error, a 429 a throttle too. Either way the error's type is an annotation to search by.
 */
function recordFailure(subsegment: Subsegment, error: unknown): void {
  const status = error instanceof HttpError ? error.statusCode : 500;
  const type = errorTypeOf(error);
  if (type !== undefined) subsegment.addAnnotation("error_type", type);
  if (status >= 500) subsegment.addError(redacted(error));
  else subsegment.addErrorFlag();
  if (status === 429) subsegment.addThrottleFlag();
}

function annotate(subsegment: Subsegment, annotations: Annotations = {}): void {
  for (const [key, value] of Object.entries(annotations)) subsegment.addAnnotation(key, value);
}

async function* closedWhenDone<T>(source: AsyncIterable<T>, subsegment: Subsegment): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    recordFailure(subsegment, error);
    throw error;
  } finally {
    subsegment.close();
  }
}

/**
 * Powertools' Tracer over the X-Ray SDK. In Lambda the SDK's parent is the function's segment (from
 * `_X_AMZN_TRACE_ID`), and each subsegment is sent to the daemon (AWS_XRAY_DAEMON_ADDRESS, UDP) when
 * it closes. Powertools turns itself off outside Lambda (no AWS_EXECUTION_ENV) and under
 * POWERTOOLS_TRACE_ENABLED=false; then, as with no parent segment, the work runs untraced. HTTP calls
 * are not patched globally: the model calls and DynamoDB operations are traced where they are made.
 */
export class XRayTracing implements Tracing {
  readonly #tracer: Tracer;

  constructor(serviceName: string) {
    this.#tracer = new Tracer({ serviceName, captureHTTPsRequests: false });
  }

  /** Runs `work` with a new subsegment as the current one (its own context: concurrent calls do not mix). */
  #inSubsegment<T>(name: string, work: (subsegment: Subsegment | undefined) => Promise<T>): Promise<T> {
    if (!this.#tracer.isTracingEnabled()) return work(undefined);
    return this.#tracer.provider.captureAsyncFunc(name, work) as Promise<T>;
  }

  traced<T>(name: string, work: () => Promise<T>, annotations?: Annotations): Promise<T> {
    return this.#inSubsegment(name, async (subsegment) => {
      if (!subsegment) return work();
      annotate(subsegment, annotations);
      try {
        return await work();
      } catch (error) {
        recordFailure(subsegment, error);
        throw error;
      } finally {
        subsegment.close();
      }
    });
  }

  tracedStream<T>(
    name: string,
    open: () => Promise<AsyncIterable<T>>,
    annotations?: Annotations,
  ): Promise<AsyncIterable<T>> {
    return this.#inSubsegment(name, async (subsegment) => {
      if (!subsegment) return open();
      annotate(subsegment, annotations);
      let stream: AsyncIterable<T>;
      try {
        stream = await open();
      } catch (error) {
        recordFailure(subsegment, error);
        subsegment.close();
        throw error;
      }
      return closedWhenDone(stream, subsegment);
    });
  }

  async captured<C extends object>(client: C): Promise<C> {
    return this.#tracer.captureAWSv3Client(client);
  }
}
