import { meteredApp } from "../../core/metering.js";
import type { ChatRequest } from "../../core/request.js";
import type { Tracing } from "../../services/tracing.js";

/** The subsegment of every model call, whichever handler (SDK or LangChain) makes it. */
export const MODEL_CALL_SEGMENT = "openai.chat.completions";

/** How a request's model calls are traced: the cold start's tracing, and the app they answer for. */
export interface ModelCallTrace {
  tracing: Tracing;
  /** The app the answer is metered under (its slug, or the passthrough route's name). */
  app: string;
}

export function modelCallTrace(request: ChatRequest, services: { tracing: Tracing }): ModelCallTrace {
  return { tracing: services.tracing, app: meteredApp(request) };
}

/** A model call answered whole, retries included, as one subsegment annotated with its app and model. */
export function tracedModelCall<T>(trace: ModelCallTrace, model: string, call: () => Promise<T>): Promise<T> {
  return trace.tracing.traced(MODEL_CALL_SEGMENT, call, { app: trace.app, model });
}

/** A streamed model call, from the request to the stream's end (or failure), as one subsegment. */
export function tracedModelStream<T>(
  trace: ModelCallTrace,
  model: string,
  open: () => Promise<AsyncIterable<T>>,
): Promise<AsyncIterable<T>> {
  return trace.tracing.tracedStream(MODEL_CALL_SEGMENT, open, { app: trace.app, model });
}
