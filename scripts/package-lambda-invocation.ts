/**
 * The ids Lambda's runtime gives each invocation: a request id, and the X-Ray trace header it sets
 * as `_X_AMZN_TRACE_ID` before calling the handler (sampled, as an actively traced function's are).
 */
export interface InvocationIds {
  requestId: string;
  /** The trace's root id, `1-<time>-<24 hex>`. */
  traceRoot: string;
  /** The id of the function's segment: what the function's subsegments name as their parent. */
  segmentId: string;
  traceHeader: string;
}

export function invocationIds(invocation: number): InvocationIds {
  const number = String(invocation + 1);
  const traceRoot = `1-5e1b4151-${number.padStart(24, "0")}`;
  const segmentId = number.padStart(16, "a");
  return {
    requestId: `00000000-0000-4000-8000-${number.padStart(12, "0")}`,
    traceRoot,
    segmentId,
    traceHeader: `Root=${traceRoot};Parent=${segmentId};Sampled=1`,
  };
}
