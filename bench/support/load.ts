import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  /** Requests answered in the run. */
  requests: number;
  /** Milliseconds; autocannon's percentiles are whole ones, the sequential client's are not. */
  mean: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Sends POST requests with one body for a fixed duration and reports throughput and latency. */
export async function measure(
  url: string,
  body: string,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    mean: result.latency.mean,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export function row(cells: (string | number)[]): string {
  return cells
    .map((c) => String(c).padEnd(30))
    .join("")
    .trimEnd();
}
