import { startChildServer } from "./support/child-server.js";
import { row } from "./support/load.js";
import { median, type Timing, timedPost } from "./support/timed-request.js";

/**
 * A 500-token answer from an upstream that produces one token every 10 ms: time to first byte, to
 * first text and to the end, for the upstream itself (the baseline), the local API streaming
 * (`stream: true`) and the local API buffered. Target: the streamed first text within 50 ms of the
 * upstream's.
 */
const TOKENS = 500;
const TOKEN_MS = 10;
const RUNS = Number(process.env.BENCH_STREAM_RUNS ?? 3);
const messages = [{ role: "user", content: "Write a long answer." }];

async function measure(url: string, body: unknown): Promise<Timing> {
  await timedPost(url, body);
  const runs: Timing[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await timedPost(url, body));
  return {
    firstByte: median(runs.map((r) => r.firstByte)),
    firstText: median(runs.map((r) => r.firstText)),
    total: median(runs.map((r) => r.total)),
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

export default async function run(): Promise<void> {
  const upstream = await startChildServer("token-upstream.ts", [String(TOKENS), String(TOKEN_MS)]);
  const api = await startChildServer("local-api.ts", [upstream.url]);
  try {
    process.stdout.write(
      `${TOKENS} tokens, one per ${TOKEN_MS} ms; median of ${RUNS} runs after a warm-up\n`,
    );
    const cases = {
      "(a) upstream, streamed": () =>
        measure(`${upstream.url}/chat/completions`, {
          model: "bench",
          messages,
          stream: true,
        }),
      "(b) local API, streamed": () => measure(`${api.url}/passthrough`, { messages, stream: true }),
      "(c) local API, buffered": () => measure(`${api.url}/passthrough`, { messages }),
    };
    const results: Record<string, Timing> = {};
    for (const [name, measureCase] of Object.entries(cases)) {
      const timing = await measureCase();
      results[name] = timing;
      process.stdout.write(
        `${row([name, `first byte ${ms(timing.firstByte)}`, `first text ${ms(timing.firstText)}`])}  total ${ms(timing.total)}\n`,
      );
    }
    const [upstreamStream, apiStream, apiBuffered] = Object.values(results);
    if (upstreamStream && apiStream && apiBuffered) {
      process.stdout.write(
        `streamed first text after the upstream's: +${ms(apiStream.firstText - upstreamStream.firstText)} (target <= 50 ms)\n` +
          `buffered / streamed time to first text: ${(apiBuffered.firstText / apiStream.firstText).toFixed(0)}x\n` +
          `total, streamed vs buffered: ${ms(apiStream.total)} vs ${ms(apiBuffered.total)}\n`,
      );
    }
  } finally {
    api.stop();
    upstream.stop();
  }
}
