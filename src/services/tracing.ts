import type { Settings } from "../common/settings/index.js";
import type { Logger } from "./logger.js";

/** X-Ray annotations: indexed, so traces can be searched by them (app, model, error type). */
export type Annotations = Readonly<Record<string, string | number | boolean>>;

/**
 * X-Ray subsegments of one cold start's calls (docs/operations.md). With tracing off every method
 * passes its work through untouched, and the tracer's code (Powertools and the X-Ray SDK, in a chunk
 * of their own) is never loaded.
 */
export interface Tracing {
  /** `work` in a subsegment `name`, closed when it settles; a failure is recorded on it. */
  traced<T>(name: string, work: () => Promise<T>, annotations?: Annotations): Promise<T>;
  /**
   * A stream opened in a subsegment `name` that stays open until the stream ends, fails or its
   * reader leaves: the call lasts as long as its answer, not until its first byte.
   */
  tracedStream<T>(
    name: string,
    open: () => Promise<AsyncIterable<T>>,
    annotations?: Annotations,
  ): Promise<AsyncIterable<T>>;
  /** An AWS SDK v3 client whose every call is a subsegment named after its service, with its operation. */
  captured<C extends object>(client: C): Promise<C>;
}

export const untraced: Tracing = {
  traced: (_name, work) => work(),
  tracedStream: (_name, open) => open(),
  captured: async (client) => client,
};

/** Loads the tracer on first use; one that fails to load leaves the calls untraced, never failing them. */
class LoadedOnDemand implements Tracing {
  readonly #tracing: Promise<Tracing>;

  constructor(serviceName: string, logger: Logger) {
    this.#tracing = import("./xray-tracing.js").then(
      ({ XRayTracing }) => new XRayTracing(serviceName),
      (error: unknown) => {
        logger.warn("Tracing is on, but the tracer did not load: calls go untraced", { error });
        return untraced;
      },
    );
  }

  async traced<T>(name: string, work: () => Promise<T>, annotations?: Annotations): Promise<T> {
    return (await this.#tracing).traced(name, work, annotations);
  }

  async tracedStream<T>(
    name: string,
    open: () => Promise<AsyncIterable<T>>,
    annotations?: Annotations,
  ): Promise<AsyncIterable<T>> {
    return (await this.#tracing).tracedStream(name, open, annotations);
  }

  async captured<C extends object>(client: C): Promise<C> {
    return (await this.#tracing).captured(client);
  }
}

export function createTracing(
  settings: Pick<Settings, "TRACING" | "SHARED_RESOURCE_IDENTIFIER">,
  logger: Logger,
): Tracing {
  return settings.TRACING ? new LoadedOnDemand(settings.SHARED_RESOURCE_IDENTIFIER, logger) : untraced;
}
