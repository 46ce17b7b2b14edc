import { startChildServer } from "./support/child-server.js";
import { type LoadResult, measure, row } from "./support/load.js";

/**
 * The local API (gateway policies + openai_v2 handler + openai SDK) against the offline model, compared
 * with the offline model called directly and with a bare undici reverse proxy in front of it.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

function median(runs: LoadResult[]): LoadResult {
  const sorted = [...runs].sort((x, y) => x.requestsPerSecond - y.requestsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error("no runs to take the median of");
  return middle;
}

/**
 * (b) and (c) are measured in alternating rounds and compared by their medians: on two shared cores a
 * single run of each drifts by 10-20 %, which would otherwise decide the ratio.
 */
export default async function run(): Promise<void> {
  const model = await startChildServer("offline-model.ts");
  const proxy = await startChildServer("undici-proxy.ts", [model.url.replace(/\/v1$/, "")]);
  const api = await startChildServer("local-api.ts", [model.url]);
  const direct = `${model.url}/chat/completions`;
  const bare = `${proxy.url}/v1/chat/completions`;
  const local = `${api.url}/passthrough`;
  try {
    process.stdout.write(`${SECONDS} s per run, same body; (b) and (c) in ${ROUNDS} alternating rounds\n`);
    for (const url of [direct, bare, local]) await measure(url, chatBody, 10, 1);
    for (const connections of [1, 50]) {
      const a = await measure(direct, chatBody, connections, SECONDS);
      process.stdout.write(`${row(["(a) offline model direct", `${connections} conn`])} ${format(a)}\n`);
      const bRuns: LoadResult[] = [];
      const cRuns: LoadResult[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const b = await measure(bare, chatBody, connections, SECONDS);
        const c = await measure(local, chatBody, connections, SECONDS);
        bRuns.push(b);
        cRuns.push(c);
        process.stdout.write(
          `${row([`(b) bare undici proxy #${round}`, `${connections} conn`])} ${format(b)}\n`,
        );
        process.stdout.write(
          `${row([`(c) local API /passthrough #${round}`, `${connections} conn`])} ${format(c)}\n`,
        );
      }
      const b = median(bRuns);
      const c = median(cRuns);
      const ratios = cRuns.map((run, i) =>
        (run.requestsPerSecond / (bRuns[i]?.requestsPerSecond ?? 1)).toFixed(2),
      );
      process.stdout.write(
        `c/b throughput at ${connections} connection(s), medians: ${(c.requestsPerSecond / b.requestsPerSecond).toFixed(2)}` +
          ` (rounds: ${ratios.join(", ")})${connections === 50 ? " (target >= 0.4)" : ""}\n`,
      );
      if (connections === 1)
        process.stdout.write(
          `latency added by c over b at 1 connection: ${(1000 / c.requestsPerSecond - 1000 / b.requestsPerSecond).toFixed(3)} ms per request (closed loop, 1000 / req/s; target <= 1 ms)\n`,
        );
    }
  } finally {
    for (const server of [api, proxy, model]) server.stop();
  }
}
