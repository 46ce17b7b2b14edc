import { type ChildServer, startChildServer } from "./support/child-server.js";
import { type LoadResult, measure, row } from "./support/load.js";
import { measureSequential } from "./support/sequential-load.js";

/**
 * The local API (gateway policies + openai_v2 handler + openai SDK + usage metering, unless
 * BENCH_USAGE_METERING=false) against the offline model, compared
 * with the offline model called directly and with a bare undici reverse proxy in front of it.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The one request every run sends (bench/gateway-profile.ts profiles it too). */
export const chatBody = JSON.stringify({
  model: "bench",
  max_tokens: 64,
  messages: [
    { role: "system", content: "You are a benchmark." },
    { role: "user", content: "Say something short." },
  ],
});

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));

/** A run with the CPU its server used per request answered (user + system, µs). */
interface ServerRun extends LoadResult {
  cpuPerRequest: number;
}

function format(r: ServerRun): string {
  return `${r.requestsPerSecond.toFixed(0)} req/s  p50 ${ms(r.p50)} ms  p99 ${ms(r.p99)} ms  cpu ${r.cpuPerRequest.toFixed(0)} µs/req${r.errors ? `  errors ${r.errors}` : ""}`;
}

function median<R>(runs: R[], of: (run: R) => number): number {
  const sorted = runs.map(of).sort((x, y) => x - y);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error("no runs to take the median of");
  return middle;
}

/** autocannon with many connections; one connection is timed request by request, to the microsecond. */
function load(url: string, connections: number, seconds = SECONDS): Promise<LoadResult> {
  return connections === 1
    ? measureSequential(url, chatBody, seconds)
    : measure(url, chatBody, connections, seconds);
}

async function serverLoad(server: ChildServer, url: string, connections: number): Promise<ServerRun> {
  const before = await server.cpuMicros();
  const result = await load(url, connections);
  const cpu = (await server.cpuMicros()) - before;
  return { ...result, cpuPerRequest: cpu / Math.max(1, result.requests) };
}

/**
 * (b) and (c) are measured in alternating rounds and compared by their medians: on two shared cores a
 * single run of each drifts by 10-20 %, which would otherwise decide the ratio. The CPU each server
 * used per request is printed too: it moves much less with the other work on the machine, and the
 * ratio of (b)'s to (c)'s is what the throughput ratio would be if each server had a core of its own.
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
      const a = await serverLoad(model, direct, connections);
      process.stdout.write(`${row(["(a) offline model direct", `${connections} conn`])} ${format(a)}\n`);
      const bRuns: ServerRun[] = [];
      const cRuns: ServerRun[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const b = await serverLoad(proxy, bare, connections);
        const c = await serverLoad(api, local, connections);
        bRuns.push(b);
        cRuns.push(c);
        process.stdout.write(
          `${row([`(b) bare undici proxy #${round}`, `${connections} conn`])} ${format(b)}\n`,
        );
        process.stdout.write(
          `${row([`(c) local API /passthrough #${round}`, `${connections} conn`])} ${format(c)}\n`,
        );
      }
      const throughput = (r: LoadResult) => r.requestsPerSecond;
      const ratios = cRuns.map((c, i) =>
        (c.requestsPerSecond / (bRuns[i]?.requestsPerSecond ?? 1)).toFixed(2),
      );
      process.stdout.write(
        `c/b throughput at ${connections} connection(s), medians: ${(median(cRuns, throughput) / median(bRuns, throughput)).toFixed(2)}` +
          ` (rounds: ${ratios.join(", ")})${connections === 50 ? " (alarm below 0.5)" : ""}\n`,
      );
      const cpu = (r: ServerRun) => r.cpuPerRequest;
      const [bCpu, cCpu] = [median(bRuns, cpu), median(cRuns, cpu)];
      process.stdout.write(
        `server CPU per request at ${connections} connection(s), medians: (b) ${bCpu.toFixed(0)} µs, (c) ${cCpu.toFixed(0)} µs, b/c ${(bCpu / cCpu).toFixed(2)}\n`,
      );
      if (connections === 1) {
        const p50 = (r: LoadResult) => r.p50;
        process.stdout.write(
          `p50 latency added by c over b at 1 connection, medians: ${(median(cRuns, p50) - median(bRuns, p50)).toFixed(3)} ms (target <= 1 ms)\n`,
        );
      }
    }
  } finally {
    for (const server of [api, proxy, model]) server.stop();
  }
}
