import { startChildServer } from "./support/child-server.js";
import { type LoadResult, measure, row } from "./support/load.js";

/**
 * The local API (gateway policies + openai_v2 handler + openai SDK) against the offline model, compared
 * with the offline model called directly and with a bare undici reverse proxy in front of it.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const chatBody = JSON.stringify({
  model: "bench",
  max_tokens: 64,
  messages: [
    { role: "system", content: "You are a benchmark." },
    { role: "user", content: "Say something short." },
  ],
});

function format(r: LoadResult): string {
  return `${r.requestsPerSecond.toFixed(0)} req/s  mean ${r.mean.toFixed(2)} ms  p50 ${r.p50} ms  p99 ${r.p99} ms${r.errors ? `  errors ${r.errors}` : ""}`;
}

export default async function run(): Promise<void> {
  const model = await startChildServer("offline-model.ts");
  const proxy = await startChildServer("undici-proxy.ts", [model.url.replace(/\/v1$/, "")]);
  const api = await startChildServer("local-api.ts", [model.url]);
  const targets = {
    "(a) offline model direct": `${model.url}/chat/completions`,
    "(b) bare undici proxy": `${proxy.url}/v1/chat/completions`,
    "(c) local API /passthrough": `${api.url}/passthrough`,
  };
  try {
    const results: Record<string, Record<number, LoadResult>> = {};
    process.stdout.write(`${SECONDS} s per run, same body, after a 1 s warm-up each\n`);
    for (const [name, url] of Object.entries(targets)) {
      await measure(url, chatBody, 10, 1);
      results[name] = {};
      for (const connections of [1, 50]) {
        const result = await measure(url, chatBody, connections, SECONDS);
        results[name][connections] = result;
        process.stdout.write(`${row([name, `${connections} conn`])} ${format(result)}\n`);
      }
    }
    const b = results["(b) bare undici proxy"];
    const c = results["(c) local API /passthrough"];
    if (b?.[1] && b[50] && c?.[1] && c[50]) {
      process.stdout.write(
        `c/b throughput at 50 connections: ${(c[50].requestsPerSecond / b[50].requestsPerSecond).toFixed(2)} (target >= 0.4)\n` +
          `c/b throughput at 1 connection: ${(c[1].requestsPerSecond / b[1].requestsPerSecond).toFixed(2)}\n` +
          `latency added by c over b at 1 connection: ${(1000 / c[1].requestsPerSecond - 1000 / b[1].requestsPerSecond).toFixed(3)} ms per request (closed loop, 1000 / req/s; p50 ${c[1].p50} vs ${b[1].p50} ms; target <= 1 ms)\n`,
      );
    }
  } finally {
    for (const server of [api, proxy, model]) server.stop();
  }
}
