import { Client } from "undici";
import type { LoadResult } from "./load.js";

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/**
 * One connection, one request at a time, for a fixed duration, each request timed in microseconds:
 * autocannon's latencies are whole milliseconds, which tells nothing at one connection, where an
 * answer takes a fraction of one.
 */
export async function measureSequential(url: string, body: string, seconds: number): Promise<LoadResult> {
  const target = new URL(url);
  const client = new Client(target.origin, { keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  let errors = 0;
  try {
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      const sent = performance.now();
      const answer = await client.request({
        path: target.pathname,
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      await answer.body.arrayBuffer();
      latencies.push(performance.now() - sent);
      if (answer.statusCode >= 300) errors++;
    }
    const elapsed = performance.now() - started;
    const sorted = [...latencies].sort((x, y) => x - y);
    return {
      requestsPerSecond: (latencies.length / elapsed) * 1000,
      requests: latencies.length,
      mean: latencies.reduce((sum, x) => sum + x, 0) / latencies.length,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      errors,
    };
  } finally {
    await client.close();
  }
}
